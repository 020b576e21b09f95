using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Persistence;

public sealed class PostgreSqlChangeFeedTests
{
    [Fact]
    public async Task ChangedHere_RefreshesTheOtherInstance_WhenBothRunOnOneDatabase()
    {
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        using var a = await StartInstanceAsync(connectionString);
        using var b = await StartInstanceAsync(connectionString);
        var heardOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Notifier(b).Subscribe(() => heardOnB.TrySetResult());

        Notifier(a).Notify();

        await heardOnB.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task NotifyFromElsewhere_RefreshesViewsWithoutAnnouncingItAgain()
    {
        using var notifier = new DeliveryNotifier(TimeProvider.System);
        var changed = 0;
        var announced = 0;
        var firstChange = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var announcement = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        notifier.Changed += () => { Interlocked.Increment(ref changed); firstChange.TrySetResult(); };
        notifier.ChangedHere += () => { Interlocked.Increment(ref announced); announcement.TrySetResult(); };

        notifier.NotifyFromElsewhere();
        await firstChange.Task.WaitAsync(TimeSpan.FromSeconds(10));
        notifier.Notify();
        await announcement.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, Volatile.Read(ref changed));
        Assert.Equal(1, Volatile.Read(ref announced));
    }

    private static DeliveryNotifier Notifier(IHost host) => host.Services.GetRequiredService<DeliveryNotifier>();

    private static async Task<IHost> StartInstanceAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddWebhooksPersistence(connectionString, DatabaseProvider.PostgreSql);
        builder.Services.AddSingleton<DeliveryNotifier>();
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetServices<IHostedService>().OfType<PostgreSqlChangeFeed>().Single().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }
}

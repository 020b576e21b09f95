using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The background checkpoint of a console on SQLite, in a real host over a real file.</summary>
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task ExecuteAsync_CopiesTheWholeLogIntoTheDatabase_WhenWritesWereTooFewForACommitToCheckpoint()
    {
        await using var host = await DeliveryTestHost.CreateAsync();
        var checkpointer = host.Services.GetRequiredService<SqliteCheckpointer>();

        // A few pages: far below the 1,000 at which a commit would checkpoint by itself.
        await host.Publisher.PublishAsync("customer.created", JsonSerializer.SerializeToElement(new { id = "1" }));

        var last = await Eventually.WaitAsync(() => Task.FromResult(checkpointer.Last), l => l.LogPages > 0 && l.CopiedPages == l.LogPages,
            "a checkpoint that copied the whole log", describe: l => $"last checkpoint: {l.CopiedPages} of {l.LogPages} pages copied");
        Assert.InRange(last.LogPages, 1, 999);
    }

    [Fact]
    public void AddWebhooksPersistence_RegistersNoCheckpointer_WhenTheDatabaseIsPostgreSql()
    {
        var services = new ServiceCollection().AddWebhooksPersistence("Host=127.0.0.1;Database=x", DatabaseProvider.PostgreSql);

        Assert.DoesNotContain(services, s => s.ServiceType == typeof(SqliteCheckpointer));
    }
}

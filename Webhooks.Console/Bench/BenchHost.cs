using Microsoft.EntityFrameworkCore;
using Webhooks.Console.Hosting;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Bench;

/// <summary>
/// The console's delivery side without its web front: the same registration
/// (<see cref="HostingExtensions.AddWebhooksData"/>) and the same appsettings.json, over a SQLite
/// file in a temp folder. Only three settings differ, because the receiver is on loopback over
/// plain http: <c>AllowHttp</c>, <c>AllowPrivateNetworks</c>, and logging at Warning (a log line per
/// delivery on a terminal would measure the terminal).
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _directory;

    private BenchHost(IHost host, string directory)
    {
        _host = host;
        _directory = directory;
    }

    public IServiceProvider Services => _host.Services;
    public IWebhookPublisher Publisher => Services.GetRequiredService<IWebhookPublisher>();
    public DeliveryOptions DeliveryOptions => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value;

    /// <summary>Builds the host and its database; the dispatcher starts only with <see cref="StartAsync"/>.</summary>
    public static async Task<BenchHost> CreateAsync(TextWriter log)
    {
        var directory = Path.Combine(Path.GetTempPath(), "webhooks-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        // The file the console reads (copied beside the binary), then the environment, as the console has them.
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Webhooks"] = $"Data Source={Path.Combine(directory, "webhooks.db")}",
            ["Webhooks:DataProtection:KeysPath"] = Path.Combine(directory, "keys"),
            ["Webhooks:Delivery:AllowHttp"] = "true",
            ["Webhooks:Delivery:AllowPrivateNetworks"] = "true",
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddWebhooksData(ConsolePaths.Resolve(builder.Configuration, directory));
        var host = builder.Build();

        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        // Not DatabaseInitializer: it would import the operator's configured endpoints, and the bench
        // must send to nothing but its own receiver.
        await host.Services.GetRequiredService<EventTypeService>().SeedAsync(
        [
            new EventTypeInput { Name = BenchPayload.LoadType, Group = "bench", Description = "Throughput phase." },
            new EventTypeInput { Name = BenchPayload.SingleType, Group = "bench", Description = "Latency and idle phases." },
        ]);
        log.WriteLine($"bench: database {directory}");
        return new BenchHost(host, directory);
    }

    /// <summary>Creates <paramref name="count"/> endpoints on the receiver through the console's endpoint service (validation included).</summary>
    public async Task CreateEndpointsAsync(BenchReceiver receiver, int count)
    {
        var endpoints = Services.GetRequiredService<EndpointService>();
        for (var i = 0; i < count; i++)
        {
            var secret = EndpointSecret.Generate();
            var url = receiver.Register(secret);
            // Endpoint i is receiver path i only when the receiver had no other paths: the caller registers these first.
            await endpoints.CreateAsync(new EndpointInput
            {
                Name = $"Bench receiver {i}",
                Url = url.ToString(),
                Events = i == 0 ? [BenchPayload.LoadType, BenchPayload.SingleType] : [BenchPayload.LoadType],
                Secret = secret,
            }, "bench");
        }
    }

    public Task StartAsync() => _host.StartAsync();

    public async Task<WebhooksDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        using (_host)
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        // Pooled connections keep the database file open; close them before removing the folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}

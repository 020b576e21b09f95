using Microsoft.EntityFrameworkCore;
using Webhooks.Console.Hosting;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Bench;

/// <summary>
/// The console's delivery side without its web front: the same registration
/// (<see cref="HostingExtensions.AddWebhooksData"/>) and the same appsettings.json, over the bench's
/// own database (<see cref="BenchDatabase"/>). Only three settings differ, because the receiver is on
/// loopback over plain http: <c>AllowHttp</c>, <c>AllowPrivateNetworks</c>, and logging at Warning (a
/// log line per delivery on a terminal would measure the terminal). With <c>--instances N</c> (on
/// PostgreSQL) N such consoles share the database in this process, each with its own Hangfire server
/// and dispatcher; the first publishes and is read from.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly IReadOnlyList<IHost> _hosts;
    private readonly string _directory;
    private readonly BenchDatabase _database;

    private BenchHost(IReadOnlyList<IHost> hosts, string directory, BenchDatabase database)
    {
        _hosts = hosts;
        _directory = directory;
        _database = database;
    }

    public IServiceProvider Services => _hosts[0].Services;
    public IWebhookPublisher Publisher => Services.GetRequiredService<IWebhookPublisher>();
    public DeliveryOptions DeliveryOptions => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value;

    /// <summary>The file the console reads (copied beside the binary), then the environment, as the console has them.</summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Builds the consoles and their database; the dispatchers start only with <see cref="StartAsync"/>.</summary>
    public static async Task<BenchHost> CreateAsync(TextWriter log, BenchOptions options)
    {
        var directory = Path.Combine(Path.GetTempPath(), "webhooks-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var provider = options.Provider;
        var instances = options.Instances;
        var database = await BenchDatabase.CreateAsync(provider, directory, options.PostgreSqlServer);
        var hosts = Enumerable.Range(0, instances).Select(_ => Build(directory, database)).ToList();

        await using (var db = await hosts[0].Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        // Not DatabaseInitializer: it would import the operator's configured endpoints, and the bench
        // must send to nothing but its own receiver.
        await hosts[0].Services.GetRequiredService<EventTypeService>().SeedAsync(
        [
            new EventTypeInput { Name = BenchPayload.LoadType, Group = "bench", Description = "Throughput phase." },
            new EventTypeInput { Name = BenchPayload.SingleType, Group = "bench", Description = "Latency and idle phases." },
        ]);
        log.WriteLine($"bench: database {(provider == DatabaseProvider.Sqlite ? directory : "PostgreSQL " + new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database)}, {instances} console(s)");
        return new BenchHost(hosts, directory, database);
    }

    private static IHost Build(string directory, BenchDatabase database)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddConfiguration(Configuration());
        builder.Configuration.AddInMemoryCollection(database.Settings.Concat(new Dictionary<string, string?>
        {
            ["Webhooks:Delivery:AllowHttp"] = "true",
            ["Webhooks:Delivery:AllowPrivateNetworks"] = "true",
        }));
        // The key ring beside the SQLite file; on PostgreSQL it is in the database, shared by the run's consoles.
        if (database.Provider == DatabaseProvider.Sqlite)
            builder.Configuration.AddInMemoryCollection([new("Webhooks:DataProtection:KeysPath", Path.Combine(directory, "keys"))]);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddWebhooksData(ConsolePaths.Resolve(builder.Configuration, directory));
        return builder.Build();
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

    /// <summary>Starts every console's Hangfire server, and with it its dispatcher.</summary>
    public async Task StartAsync()
    {
        foreach (var host in _hosts)
            await host.StartAsync();
    }

    public async Task<WebhooksDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
            using (host)
                await host.StopAsync(TimeSpan.FromSeconds(10));
        // Pooled connections keep the database file open; close them before removing the folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}

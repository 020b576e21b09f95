using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Tests.Support;

/// <summary>
/// A host with the delivery services over a real database, migrated, with a small catalog: a SQLite
/// file in a temp folder (the default), or a fresh PostgreSQL database on the run's
/// <see cref="PostgresCluster"/>, registered as the console registers that provider (Hangfire's
/// storage in the same database). Defaults suit loopback receivers: http and private addresses
/// allowed, a 50 ms retry schedule without jitter. Each test gets its own host and database.
/// </summary>
public sealed class DeliveryTestHost : IAsyncDisposable
{
    public static readonly string[] CatalogTypes = ["customer.created", "customer.updated", "document.uploaded"];

    private readonly string _directory;
    private readonly string? _postgres;

    private readonly List<string> _logSink;
    private bool _started;

    private DeliveryTestHost(IHost host, string directory, string? postgres, ISecretProtector protector, List<string> logSink)
    {
        Host = host;
        _directory = directory;
        _postgres = postgres;
        Protector = protector;
        _logSink = logSink;
    }

    public IHost Host { get; }
    public IServiceProvider Services => Host.Services;
    public ISecretProtector Protector { get; }
    public IWebhookPublisher Publisher => Services.GetRequiredService<IWebhookPublisher>();
    public DeliveryActions Actions => Services.GetRequiredService<DeliveryActions>();
    /// <summary>Retry now, Retry selected and Recover as Hangfire jobs run by this host's server.</summary>
    public ConsoleJobs Jobs => Services.GetRequiredService<ConsoleJobs>();
    /// <summary>The console's endpoint service (validation, audit, change notices), for changes made the way an admin makes them.</summary>
    public EndpointService Endpoints => Services.GetRequiredService<EndpointService>();
    public DeliveryDispatcher Dispatcher => Services.GetRequiredService<DeliveryDispatcher>();

    /// <param name="settings">Overrides of the test defaults, as configuration keys (<c>Webhooks:Delivery:AllowHttp</c>).</param>
    /// <param name="start">Start hosted services (the dispatcher); off for tests that set rows up first.</param>
    /// <param name="time">The clock of the delivery services; the system clock when null.</param>
    /// <param name="provider">The database: a SQLite file, or a fresh PostgreSQL database.</param>
    public static async Task<DeliveryTestHost> CreateAsync(IDictionary<string, string?>? settings = null, bool start = true, TimeProvider? time = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var directory = Path.Combine(Path.GetTempPath(), "webhooks-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var postgres = provider == DatabaseProvider.PostgreSql ? await (await PostgresCluster.Shared).CreateDatabaseAsync() : null;
        var connectionString = postgres ?? $"Data Source={Path.Combine(directory, "webhooks.db")}";

        var config = new Dictionary<string, string?>
        {
            ["Webhooks:Delivery:AllowHttp"] = "true",
            ["Webhooks:Delivery:AllowPrivateNetworks"] = "true",
            ["Webhooks:Delivery:RetrySchedule:0"] = "00:00:00.050",
            ["Webhooks:Delivery:RetrySchedule:1"] = "00:00:00.050",
            ["Webhooks:Delivery:RetrySchedule:2"] = "00:00:00.050",
            ["Webhooks:Delivery:RetryJitter"] = "0",
        };
        if (settings?.Keys.Any(k => k.StartsWith("Webhooks:Delivery:RetrySchedule", StringComparison.Ordinal)) == true)
            foreach (var old in config.Keys.Where(k => k.StartsWith("Webhooks:Delivery:RetrySchedule:", StringComparison.Ordinal)).ToList())
                config.Remove(old);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(config);
        var logs = new List<string>();
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
        // The app's own persistence registration, pragmas and write gate included, so tests see the same locking behaviour.
        builder.Services.AddWebhooksPersistence(connectionString, provider);
        builder.Services.AddWebhookEndpoints();
        var protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());
        builder.Services.AddSingleton<ISecretProtector>(protector);
        builder.Services.AddWebhookDelivery();
        // The dispatcher runs where the console runs it: in a real Hangfire server, on its own storage
        // file (SQLite) or in the console's database (PostgreSQL).
        builder.Services.AddWebhookJobs(postgres ?? Path.Combine(directory, "webhooks-jobs.db"), provider);
        if (time is not null)
            builder.Services.AddSingleton(time);
        var host = builder.Build();

        var fixture = new DeliveryTestHost(host, directory, postgres, protector, logs);
        await using (var db = await fixture.DbAsync())
        {
            await db.Database.MigrateAsync();
            var now = DateTime.UtcNow;
            foreach (var name in CatalogTypes)
                db.EventTypes.Add(new EventType { Name = name, Group = name.Split('.')[0], Description = name, SamplePayload = """{"id":"123"}""", CreatedAt = now, UpdatedAt = now });
            db.EventTypes.Add(new EventType { Name = "customer.legacy", Group = "customer", IsArchived = true, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }
        if (start)
            await fixture.StartAsync();
        return fixture;
    }

    /// <summary>Log lines written so far ("Level: message").</summary>
    public IReadOnlyList<string> LogLines
    {
        get { lock (_logSink) return _logSink.ToList(); }
    }

    public async Task StartAsync()
    {
        await Host.StartAsync();
        _started = true;
    }

    /// <summary>
    /// Stops the host (the dispatcher hands back what it holds): after this, <see cref="LogLines"/> holds every
    /// line it will write, so a test can say what the log does not contain.
    /// </summary>
    public async Task StopAsync()
    {
        if (_started)
            await Host.StopAsync(TimeSpan.FromSeconds(5));
        _started = false;
    }

    /// <summary>Waits until a log line matches: lines are written after the database work they report.</summary>
    public Task WaitForLogAsync(Func<string, bool> match, string what, int count = 1, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => Task.FromResult(LogLines.Count(match)), n => n >= count, what, timeout);

    public Task<WebhooksDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    /// <summary>Adds an endpoint; returns it with its plain-text signing secret.</summary>
    public async Task<(Endpoint Endpoint, string Secret)> AddEndpointAsync(Uri url, Action<Endpoint>? configure = null, string[]? subscriptions = null)
    {
        var secret = EndpointSecret.Generate();
        var now = DateTime.UtcNow;
        var endpoint = new Endpoint
        {
            Id = Webhooks.Core.Common.SortableId.New("ep"),
            Name = "Receiver " + url.Port,
            Url = url.ToString(),
            Subscriptions = (subscriptions ?? ["*"]).ToList(),
            SecretProtected = Protector.Protect(secret),
            SecretHint = EndpointSecret.Hint(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        configure?.Invoke(endpoint);
        await using var db = await DbAsync();
        db.Endpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return (endpoint, secret);
    }

    public async Task<DeliveryEntity> DeliveryAsync(string id)
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().Include(d => d.Attempts).SingleAsync(d => d.Id == id);
    }

    public async Task<List<DeliveryEntity>> DeliveriesOfEventAsync(string eventId)
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().Include(d => d.Attempts).Where(d => d.EventId == eventId).ToListAsync();
    }

    public async Task<Endpoint> EndpointAsync(string id)
    {
        await using var db = await DbAsync();
        return await db.Endpoints.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    /// <summary>Waits until the delivery satisfies <paramref name="done"/> (status, attempt count...).</summary>
    public async Task<DeliveryEntity> WaitForDeliveryAsync(string id, Func<DeliveryEntity, bool> done, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await Eventually.WaitAsync(() => DeliveryAsync(id), done, what, timeout);
        }
        catch (TimeoutException ex)
        {
            var d = await DeliveryAsync(id);
            throw new TimeoutException($"{ex.Message}\nDelivery: {d.Status}, {d.AttemptCount} attempts, next {d.NextAttemptAt:o}, lease {d.LeasedBy}\nLog:\n{string.Join('\n', LogLines)}");
        }
    }

    /// <summary>Waits until the console job satisfies <paramref name="done"/> (its state, its progress).</summary>
    public Task<ConsoleJob> WaitForJobAsync(string jobId, Func<ConsoleJob, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(async () => await Jobs.GetAsync(jobId) ?? throw new InvalidOperationException($"No console job {jobId}"), done, what, timeout,
            job => $"{job.State} {job.Done}/{job.Total} {job.Error}\nLog:\n{string.Join('\n', LogLines)}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
                await Host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            Host.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
            if (_postgres is not null)
                await DropAsync(_postgres);
        }
    }

    /// <summary>Drops the test's PostgreSQL database, closing what is still connected: idle pooled connections would otherwise pile up on the run's cluster.</summary>
    private static async Task DropAsync(string connectionString)
    {
        using (var pooled = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(pooled);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database;
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

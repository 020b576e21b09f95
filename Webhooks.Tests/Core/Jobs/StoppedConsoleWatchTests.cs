using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>The watch on a real PostgreSQL database shared with two other consoles, seen through Hangfire's server list.</summary>
public sealed class StoppedConsoleWatchTests
{
    private const string DeadConsole = "dead-console:1:aaaa";
    private const string LiveConsole = "live-console:2:bbbb";

    [Fact]
    public async Task CheckAsync_ReleasesTheLeasesOfAConsoleWhoseHeartbeatStopped_AndLeavesALiveConsolesLeases()
    {
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        var logs = new List<string>();
        using var host = Build(connectionString, logs);
        var storage = host.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
            foreach (var console in new[] { DeadConsole, LiveConsole })
                connection.AnnounceServer(console, new ServerContext { WorkerCount = 1, Queues = ["default"] });
        var deadsDelivery = await LeasedDeliveryAsync(host, DeadConsole);
        var livesDelivery = await LeasedDeliveryAsync(host, LiveConsole);
        var watch = host.Services.GetServices<IBackgroundProcess>().OfType<StoppedConsoleWatch>().Single();
        var signal = host.Services.GetRequiredService<DispatcherSignal>();

        Assert.Empty(await watch.CheckAsync(CancellationToken.None)); // both alive: nothing taken
        Assert.Equal(DeadConsole, (await DeliveryAsync(host, deadsDelivery)).LeasedBy);
        var work = signal.Work;
        // Killed: its heartbeat stops and grows older than ServerTimeout, while the other console's stays fresh.
        await using (var db = new NpgsqlConnection(connectionString))
        {
            await db.OpenAsync();
            await using var stale = new NpgsqlCommand("UPDATE hangfire.server SET lastheartbeat = lastheartbeat - interval '1 hour' WHERE id = @id", db);
            stale.Parameters.AddWithValue("id", DeadConsole);
            Assert.Equal(1, await stale.ExecuteNonQueryAsync());
        }

        var gone = await watch.CheckAsync(CancellationToken.None);

        Assert.Equal([DeadConsole], gone);
        var released = await DeliveryAsync(host, deadsDelivery);
        Assert.Equal((null, null), (released.LeasedBy, released.LeasedUntil));
        Assert.Equal(LiveConsole, (await DeliveryAsync(host, livesDelivery)).LeasedBy);
        Assert.True(signal.Work > work, "the dispatcher is woken to send the released delivery");
        lock (logs)
            Assert.Contains(logs, l => l.Contains("Resumed 1 deliveries leased by a console that stopped"));
        Assert.Empty(await watch.CheckAsync(CancellationToken.None)); // gone once, taken over once
    }

    [Fact]
    public async Task AddWebhookJobs_RunsNoWatch_WhenTheDatabaseIsSqlite()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);

        Assert.Empty(host.Services.GetServices<IBackgroundProcess>().OfType<StoppedConsoleWatch>());
    }

    /// <summary>The console's own services on <paramref name="connectionString"/>, migrated, with its Hangfire storage; not started.</summary>
    private static IHost Build(string connectionString, List<string> logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:Delivery:AllowHttp"] = "true" });
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.Services.AddWebhooksPersistence(connectionString, DatabaseProvider.PostgreSql);
        builder.Services.AddWebhookEndpoints();
        builder.Services.AddSingleton<ISecretProtector>(new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()));
        builder.Services.AddWebhookDelivery();
        builder.Services.AddWebhookJobs(connectionString, DatabaseProvider.PostgreSql);
        var host = builder.Build();
        using var db = host.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContext();
        db.Database.Migrate();
        return host;
    }

    /// <summary>A published delivery, claimed by <paramref name="owner"/> for an hour.</summary>
    private static async Task<string> LeasedDeliveryAsync(IHost host, string owner)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            if (!await db.EventTypes.AnyAsync())
            {
                var now = DateTime.UtcNow;
                var secret = EndpointSecret.Generate();
                db.EventTypes.Add(new EventType { Name = "customer.created", Group = "customer", Description = "customer.created", CreatedAt = now, UpdatedAt = now });
                db.Endpoints.Add(new Endpoint
                {
                    Id = Webhooks.Core.Common.SortableId.New("ep"), Name = "Receiver", Url = "http://127.0.0.1:9/", Subscriptions = ["*"],
                    SecretProtected = host.Services.GetRequiredService<ISecretProtector>().Protect(secret), SecretHint = EndpointSecret.Hint(secret),
                    CreatedAt = now, UpdatedAt = now,
                });
                await db.SaveChangesAsync();
            }
        }
        var published = await host.Services.GetRequiredService<IWebhookPublisher>().PublishAsync("customer.created", JsonSerializer.SerializeToElement(new { id = owner }));
        await using (var db = await factory.CreateDbContextAsync())
        {
            var id = await db.Deliveries.Where(d => d.EventId == published.EventId).Select(d => d.Id).SingleAsync();
            await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.LeasedBy, owner).SetProperty(d => d.LeasedUntil, DateTime.UtcNow.AddHours(1)).SetProperty(d => d.UnsettledClaims, 1));
            return id;
        }
    }

    private static async Task<DeliveryEntity> DeliveryAsync(IHost host, string id)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.History;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.History;

public sealed class StatsServiceTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-stats-").FullName;
    private ServiceProvider _services = default!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection().AddLogging()
            .AddWebhooksPersistence($"Data Source={Path.Combine(_dir, "t.db")};Pooling=False")
            .AddSingleton<StatsService>().AddSingleton<DeliveryHistory>()
            .BuildServiceProvider();
        await using var db = await _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        var now = DateTime.UtcNow;
        db.Endpoints.Add(new Endpoint { Id = "ep_a", Name = "A", Url = "https://a.example", ConsecutiveFailures = 2, LastError = "HTTP 500", CreatedAt = now, UpdatedAt = now });
        db.Endpoints.Add(new Endpoint { Id = "ep_b", Name = "B", Url = "https://b.example", IsEnabled = false, DisabledAutomatically = true, CreatedAt = now, UpdatedAt = now });
        db.Events.Add(new Event { Id = "evt_1", Type = "customer.created", OccurredAt = now });
        var statuses = new[] { DeliveryStatus.Succeeded, DeliveryStatus.Succeeded, DeliveryStatus.Succeeded, DeliveryStatus.Failed, DeliveryStatus.Pending };
        for (var i = 0; i < statuses.Length; i++)
        {
            db.Deliveries.Add(new global::Webhooks.Core.Delivery.Delivery
            {
                Id = $"dlv_{i}", EventId = "evt_1", EndpointId = "ep_a", EventType = "customer.created", Status = statuses[i],
                CreatedAt = now.AddMinutes(-i), NextAttemptAt = statuses[i] == DeliveryStatus.Pending ? now : null,
                Attempts = [new DeliveryAttempt { Number = 1, StartedAt = now, DurationMs = (i + 1) * 10, ResponseStatus = 200 }],
            });
        }
        db.Deliveries.Add(new global::Webhooks.Core.Delivery.Delivery { Id = "dlv_skipped", EventId = "evt_1", EndpointId = "ep_a", EventType = "customer.created", Status = DeliveryStatus.Skipped, CreatedAt = now.AddMinutes(-10) });
        db.Deliveries.Add(new global::Webhooks.Core.Delivery.Delivery { Id = "dlv_old", EventId = "evt_1", EndpointId = "ep_a", EventType = "customer.created", Status = DeliveryStatus.Failed, CreatedAt = now.AddDays(-3) });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task DashboardAsync_CountsFromRows_WhenDeliveriesExist()
    {
        var summary = await _services.GetRequiredService<StatsService>().DashboardAsync();

        Assert.Equal(2, summary.EndpointsTotal);
        Assert.Equal(1, summary.EndpointsEnabled);
        Assert.Equal(1, summary.EndpointsDisabledAutomatically);
        Assert.Equal(6, summary.Deliveries24h);
        Assert.Equal([(DeliveryStatus.Pending, 1), (DeliveryStatus.Succeeded, 3), (DeliveryStatus.Failed, 1), (DeliveryStatus.Skipped, 1)],
            summary.ByStatus24h.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.Equal(0.75, summary.SuccessRate24h);
        Assert.Equal(1, summary.QueueDepth);
        Assert.NotNull(summary.OldestPendingAge);
        Assert.Equal(3, summary.Hourly.Sum(h => h.Succeeded));
        Assert.Equal(1, summary.Hourly.Sum(h => h.Failed));
        Assert.Equal("ep_a", Assert.Single(summary.FailingEndpoints).Id);
    }

    [Fact]
    public async Task EndpointAsync_ComputesRatesAndLatency_WhenAttemptsExist()
    {
        var stats = await _services.GetRequiredService<StatsService>().EndpointAsync("ep_a");

        Assert.Equal(7, stats.Total);
        Assert.Equal(stats.Total, stats.ByStatus.Values.Sum());
        Assert.Equal(1, stats.ByStatus[DeliveryStatus.Skipped]);
        Assert.Equal(3, stats.Succeeded);
        Assert.Equal(2, stats.Failed);
        Assert.Equal(0.75, stats.SuccessRate24h);
        Assert.Equal(0.6, stats.SuccessRate7d);
        Assert.Equal(30, stats.AvgDurationMs);
        Assert.Equal(50, stats.P95DurationMs);
    }

    [Fact]
    public async Task PageAsync_FiltersAndPagesInTheDatabase_WhenStatusIsGiven()
    {
        var history = _services.GetRequiredService<DeliveryHistory>();
        var page = await history.PageAsync(new DeliveryFilter { Status = DeliveryStatus.Succeeded }, DeliverySort.CreatedAt, true, 0, 2);

        Assert.Equal(3, page.Total);
        Assert.Equal(["dlv_0", "dlv_1"], page.Rows.Select(r => r.Id));
        Assert.Equal("A", page.Rows[0].EndpointName);
    }
}

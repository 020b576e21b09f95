using System.Diagnostics.Metrics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Metrics;

/// <summary>
/// Gauges read when scraped, on the meter <see cref="DeliveryMetrics.MeterName"/>: the queue's depth
/// (from the database, so every instance reports the same shared queue) and the background jobs by
/// state (from Hangfire's storage), and the consoles this one counts on its database (each takes
/// 1/N of every endpoint's limits: <see cref="ConsoleShare"/>). Exists only to be observed: the
/// metrics setup creates it at start.
/// </summary>
public sealed class StoredStateMetrics
{
    public StoredStateMetrics(IMeterFactory meters, IDbContextFactory<WebhooksDbContext> dbFactory, JobStorage jobs, ConsoleShare share)
    {
        var meter = meters.Create(DeliveryMetrics.MeterName);
        meter.CreateObservableGauge("webhooks.queue.depth", () => QueueDepth(dbFactory), "{delivery}", "Pending deliveries in the database: due now or waiting for a retry (all instances).");
        meter.CreateObservableGauge("webhooks.jobs", () => JobCounts(jobs), "{job}", "Background jobs in Hangfire's storage by state (all instances).");
        meter.CreateObservableGauge("webhooks.consoles", () => share.Consoles, "{console}", "Consoles delivering from this database, as this instance counts them; each takes its share of every endpoint's limits.");
    }

    private static Measurement<long> QueueDepth(IDbContextFactory<WebhooksDbContext> dbFactory)
    {
        using var db = dbFactory.CreateDbContext();
        return new Measurement<long>(db.Deliveries.LongCount(d => d.Status == DeliveryStatus.Pending));
    }

    private static IEnumerable<Measurement<long>> JobCounts(JobStorage jobs)
    {
        var s = jobs.GetMonitoringApi().GetStatistics();
        return
        [
            new(s.Enqueued, new KeyValuePair<string, object?>("state", "enqueued")),
            new(s.Scheduled, new KeyValuePair<string, object?>("state", "scheduled")),
            new(s.Processing, new KeyValuePair<string, object?>("state", "processing")),
            new(s.Succeeded, new KeyValuePair<string, object?>("state", "succeeded")),
            new(s.Failed, new KeyValuePair<string, object?>("state", "failed")),
        ];
    }
}

using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>Recover failed since T as a long-running Hangfire job: rate-bounded, cancellable, resumable.</summary>
public class RecoverJobTests
{
    private static readonly DeliveryStatus[] FailedOnly = [DeliveryStatus.Failed];

    [Fact]
    public async Task RunAsync_HandsTheFailedDeliveriesBackAndCountsThem_WhenRecovered()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:RecoverPerSecond"] = "2" });
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        var ids = await FailedDeliveriesAsync(host, 3);
        var since = DateTime.UtcNow.AddHours(-1);

        var job = await host.Jobs.RecoverAsync(endpoint.Id, since, FailedOnly);

        Assert.Equal(ConsoleJobKind.Recover, job.Kind);
        Assert.Equal($"Recover failed deliveries of {endpoint.Name} since {since:yyyy-MM-dd HH:mm}", job.Name);
        Assert.Equal((3, endpoint.Id), (job.Total, job.EndpointId));
        var done = await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Succeeded, "the recover done");
        Assert.Equal((3, 3), (done.Done, done.Total));
        foreach (var id in ids)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "the recovered delivery sent");
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(job.Id, (await host.Jobs.LatestRecoverAsync(endpoint.Id))!.Id);
    }

    [Fact]
    public async Task RunAsync_StopsAndShowsCancelled_WhenCancelledWhileRunning()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:RecoverPerSecond"] = "1" });
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        await FailedDeliveriesAsync(host, 60);

        var job = await host.Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddHours(-1), FailedOnly);
        await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Running && j.Done >= 1, "the recover under way");

        Assert.True(await host.Jobs.CancelAsync(job.Id));

        var cancelled = await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Cancelled, "the job cancelled");
        Assert.NotNull(cancelled.FinishedAt);
        await host.WaitForLogAsync(l => l.Contains($"stopped after re-queuing"), "the job's run stopped", timeout: TimeSpan.FromSeconds(30));
        var stopped = await host.Jobs.GetAsync(job.Id);
        Assert.InRange(stopped!.Done, 1, 59);
        await using var db = await host.DbAsync();
        Assert.Equal(60 - stopped.Done, await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Failed && d.NextAttemptAt == null));
        Assert.False(await host.Jobs.CancelAsync(job.Id));
    }

    [Fact]
    public async Task RunAsync_ResumesWithoutResendingWhatItHandedBack_WhenRunAgainAfterACrash()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        var ids = await FailedDeliveriesAsync(host, 4);
        var job = await host.Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddHours(-1), FailedOnly);
        await using (var db = await host.DbAsync())
        {
            // What the run before the crash left: the two oldest handed back and since sent, one
            // successfully, one failed again (the job must not pick that one a second time).
            var record = await db.ConsoleJobs.SingleAsync(j => j.HangfireJobId == job.Id);
            await db.Deliveries.Where(d => d.Id == ids[0]).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Succeeded));
            db.ConsoleJobDeliveries.AddRange(ids.Take(2).Select(id => new ConsoleJobDelivery { JobId = record.Id, DeliveryId = id, HandledAt = DateTime.UtcNow }));
            await db.SaveChangesAsync();
        }

        await host.StartAsync();

        var done = await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Succeeded, "the recover done");
        Assert.Equal((4, 4), (done.Done, done.Total));
        await receiver.WaitForRequestsAsync(2);
        foreach (var id in ids.Skip(2))
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "the rest sent");
        Assert.Equal(ids.Skip(2), receiver.Requests.Select(r => r.Header("X-Webhook-Delivery")!).Order());
    }

    [Fact]
    public async Task RecoverAsync_RefusesASecondRecover_WhenOneOfTheEndpointIsQueued()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));
        var first = await host.Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddHours(-1), FailedOnly);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => host.Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddHours(-1), FailedOnly));

        Assert.Contains("already queued", refused.Errors["endpoint"][0]);
        Assert.Equal(ConsoleJobState.Queued, (await host.Jobs.GetAsync(first.Id))!.State);
        await Assert.ThrowsAsync<NotFoundException>(() => host.Jobs.RecoverAsync("ep_missing", DateTime.UtcNow, FailedOnly));
        await Assert.ThrowsAsync<ValidationFailedException>(() => host.Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow, [DeliveryStatus.Succeeded]));
    }

    /// <summary>Deliveries of the endpoint as Failed after their schedule, oldest first (written directly: the schedule is not what these tests are about).</summary>
    private static async Task<List<string>> FailedDeliveriesAsync(DeliveryTestHost host, int count)
    {
        var ids = new List<string>();
        await using var db = await host.DbAsync();
        var endpointId = await db.Endpoints.Select(e => e.Id).SingleAsync();
        var start = DateTime.UtcNow.AddMinutes(-30);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddSeconds(i);
            var evt = new Webhooks.Core.Events.Event { Id = SortableId.New("evt", at), Type = "customer.created", Data = """{"id":"1"}""", OccurredAt = at };
            var delivery = new Webhooks.Core.Delivery.Delivery
            {
                Id = SortableId.New("dlv", at), EventId = evt.Id, EndpointId = endpointId, EventType = evt.Type,
                Status = DeliveryStatus.Failed, AttemptCount = 4, CreatedAt = at, LastError = "HTTP 500",
            };
            db.Events.Add(evt);
            db.Deliveries.Add(delivery);
            ids.Add(delivery.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }
}

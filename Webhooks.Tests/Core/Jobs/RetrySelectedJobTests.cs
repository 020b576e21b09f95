using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>Retry selected as one Hangfire job over real loopback receivers.</summary>
public class RetrySelectedJobTests
{
    [Fact]
    public async Task RunAsync_SendsEachSelectedDeliveryOnceAndCountsThem_WhenTheyAreOnSeveralEndpoints()
    {
        await using var failing = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var healthy = await LoopbackReceiver.StartAsync();
        // Three failed deliveries must not disable their endpoint on the way.
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:DisableAfterConsecutiveFailures"] = "100" });
        var (down, _) = await host.AddEndpointAsync(failing.Url, subscriptions: ["customer.created"]);
        for (var i = 0; i < 3; i++)
            await RetryNowJobTests.PublishAsync(host);
        var all = await AllAsync(host);
        var failed = all.Where(d => d.EndpointId == down.Id).Select(d => d.Id).ToList();
        foreach (var id in failed)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure after the schedule");
        await host.AddEndpointAsync(healthy.Url, subscriptions: ["customer.updated"]);
        var succeeded = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var result = await host.Publisher.PublishAsync("customer.updated", System.Text.Json.JsonSerializer.SerializeToElement(new { i }));
            succeeded.Add((await host.DeliveriesOfEventAsync(result.EventId)).Single().Id);
        }
        foreach (var id in succeeded)
            await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "first success");
        var before = failing.Requests.Count;

        var job = await host.Jobs.RetrySelectedAsync([.. failed, .. succeeded, "dlv_missing"]);

        Assert.NotNull(job);
        Assert.Equal("Retry 5 selected deliveries", job.Name);
        Assert.Equal((ConsoleJobKind.RetrySelected, 5), (job.Kind, job.Total));
        var done = await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Succeeded, "the batch done");
        Assert.Equal(5, done.Done);
        Assert.Equal(before + 3, failing.Requests.Count);
        foreach (var id in failed)
        {
            var d = await host.DeliveryAsync(id);
            Assert.Equal((DeliveryStatus.Failed, 5, AttemptTrigger.Manual), (d.Status, d.AttemptCount, d.Attempts.Single(a => a.Number == 5).Trigger));
        }
        foreach (var id in succeeded)
        {
            var d = await host.DeliveryAsync(id);
            Assert.Equal((DeliveryStatus.Succeeded, 2, AttemptTrigger.Manual), (d.Status, d.AttemptCount, d.Attempts.Single(a => a.Number == 2).Trigger));
        }
        Assert.Equal(job.Id, (await host.Jobs.LatestForDeliveryAsync(failed[0]))!.Id);
    }

    [Fact]
    public async Task RunAsync_ShowsFailedNamingWhatItCouldNotAttemptAndSendsTheRest_WhenAnEndpointIsDisabled()
    {
        await using var first = await LoopbackReceiver.StartAsync();
        await using var second = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        var (one, _) = await host.AddEndpointAsync(first.Url);
        var (two, _) = await host.AddEndpointAsync(second.Url);
        await RetryNowJobTests.PublishAsync(host);
        await first.WaitForRequestsAsync(1);
        await second.WaitForRequestsAsync(1);
        var all = await AllAsync(host);
        foreach (var d in all)
            await host.WaitForDeliveryAsync(d.Id, x => x.Status == DeliveryStatus.Succeeded, "first success");
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == two.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.IsEnabled, false));
        var refused = all.Single(d => d.EndpointId == two.Id).Id;

        var job = await host.Jobs.RetrySelectedAsync(all.Select(d => d.Id).ToList());

        var ended = await host.WaitForJobAsync(job!.Id, j => j.State == ConsoleJobState.Failed, "the batch failed");
        Assert.StartsWith("1 of 2 deliveries could not be attempted", ended.Error);
        Assert.Contains(refused, ended.Error);
        Assert.Equal(2, ended.Done);
        Assert.Equal(2, first.Requests.Count);
        Assert.Single(second.Requests);
        var untouched = await host.DeliveryAsync(refused);
        Assert.Equal((DeliveryStatus.Succeeded, 1, (string?)null), (untouched.Status, untouched.AttemptCount, untouched.LeasedBy));
        Assert.Equal(2, (await host.DeliveryAsync(all.Single(d => d.EndpointId == one.Id).Id)).AttemptCount);
    }

    [Fact]
    public async Task RetrySelectedAsync_ReturnsNull_WhenNoneOfTheDeliveriesExists()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);

        Assert.Null(await host.Jobs.RetrySelectedAsync(["dlv_missing", "dlv_gone"]));
    }

    private static async Task<List<Webhooks.Core.Delivery.Delivery>> AllAsync(DeliveryTestHost host)
    {
        await using var db = await host.DbAsync();
        return await db.Deliveries.AsNoTracking().OrderBy(d => d.CreatedAt).ToListAsync();
    }
}

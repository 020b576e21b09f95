using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>Retry now as a Hangfire job (real server, real loopback receivers): what the manual attempt does to each kind of delivery.</summary>
public class RetryNowJobTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task RetryNowAsync_SendsOneManualAttemptAndEndsFailedWithNoSchedule_WhenAFailedDeliveryFailsAgain()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        var id = await PublishAsync(host);
        await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure after the schedule");

        var job = await host.Jobs.RetryNowAsync(id);

        Assert.NotNull(job);
        Assert.Equal(ConsoleJobKind.RetryNow, job.Kind);
        Assert.Equal($"Retry delivery {id} to {endpoint.Name}", job.Name);
        Assert.Equal((id, endpoint.Id, 1), (job.DeliveryId, job.EndpointId, job.Total));
        var done = await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Succeeded, "the job succeeded");
        Assert.Equal(1, done.Done);
        Assert.NotNull(done.FinishedAt);
        var delivery = await host.DeliveryAsync(id);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Null(delivery.LeasedBy);
        Assert.Equal(5, delivery.AttemptCount);
        Assert.Equal(AttemptTrigger.Manual, delivery.Attempts.Single(a => a.Number == 5).Trigger);
        Assert.Equal("5", receiver.Requests[4].Header("X-Webhook-Attempt"));
    }

    [Fact]
    public async Task RetryNowAsync_ReturnsNull_WhenTheDeliveryDoesNotExist()
    {
        await using var host = await DeliveryTestHost.CreateAsync();

        Assert.Null(await host.Jobs.RetryNowAsync("dlv_missing"));
    }

    [Fact]
    public async Task RetryNowAsync_ResendsAndEndsSucceeded_WhenTheDeliveryHadSucceeded()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);
        var id = await PublishAsync(host);
        await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "first success");

        var job = await host.Jobs.RetryNowAsync(id);

        await host.WaitForJobAsync(job!.Id, j => j.State == ConsoleJobState.Succeeded, "the job succeeded");
        var requests = await receiver.WaitForRequestsAsync(2);
        Assert.Equal(requests[0].BodyText, requests[1].BodyText);
        var delivery = await host.DeliveryAsync(id);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (delivery.Status, delivery.AttemptCount));
        Assert.Equal(AttemptTrigger.Manual, delivery.Attempts.Single(a => a.Number == 2).Trigger);
    }

    [Fact]
    public async Task RetryNowAsync_KeepsTheScheduledRetryAndItsTries_WhenAWaitingDeliveryFailsAgain()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        // A long first wait, so the delivery is waiting for its scheduled retry when Retry now runs.
        await using var host = await DeliveryTestHost.CreateAsync(Schedule("01:00:00", "00:00:00.050"));
        await host.AddEndpointAsync(receiver.Url);
        var id = await PublishAsync(host);
        var waiting = await host.WaitForDeliveryAsync(id, d => d.AttemptCount == 1 && d.Status == DeliveryStatus.Pending && d.LeasedBy == null, "waiting for its retry");

        var job = await host.Jobs.RetryNowAsync(id);

        await host.WaitForJobAsync(job!.Id, j => j.State == ConsoleJobState.Succeeded, "the job succeeded");
        var after = await host.DeliveryAsync(id);
        Assert.Equal(DeliveryStatus.Pending, after.Status);
        Assert.Equal(waiting.NextAttemptAt, after.NextAttemptAt);
        Assert.Equal(AttemptTrigger.Scheduled, after.NextTrigger);
        Assert.Equal((2, 1), (after.AttemptCount, after.ManualAttempts));
        Assert.Equal(AttemptTrigger.Manual, after.Attempts.Single(a => a.Number == 2).Trigger);

        // The scheduled retry (made due now) is still try 2 of the schedule: after it fails it waits
        // the schedule's second interval, then its third (the last), then ends Failed.
        await MakeDueAsync(host, id);
        var ended = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "the schedule used up");
        Assert.Equal(4, ended.AttemptCount);
        Assert.Equal([AttemptTrigger.Scheduled, AttemptTrigger.Manual, AttemptTrigger.Scheduled, AttemptTrigger.Scheduled],
            ended.Attempts.OrderBy(a => a.Number).Select(a => a.Trigger));
    }

    [Fact]
    public async Task RetryNowAsync_EndsSucceededAndDropsTheSchedule_WhenAWaitingDeliverySucceeds()
    {
        var fail = true;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(Volatile.Read(ref fail) ? 500 : 200));
        await using var host = await DeliveryTestHost.CreateAsync(Schedule("01:00:00"));
        await host.AddEndpointAsync(receiver.Url);
        var id = await PublishAsync(host);
        await host.WaitForDeliveryAsync(id, d => d.AttemptCount == 1 && d.Status == DeliveryStatus.Pending && d.LeasedBy == null, "waiting for its retry");
        Volatile.Write(ref fail, false);

        var job = await host.Jobs.RetryNowAsync(id);

        await host.WaitForJobAsync(job!.Id, j => j.State == ConsoleJobState.Succeeded, "the job succeeded");
        var after = await host.DeliveryAsync(id);
        Assert.Equal(DeliveryStatus.Succeeded, after.Status);
        Assert.Null(after.NextAttemptAt);
        Assert.Equal(2, after.AttemptCount);
    }

    [Fact]
    public async Task RunAsync_ShowsFailedWithTheReasonAndLeavesTheDeliveryAsItWas_WhenTheEndpointIsDisabled()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        var id = await PublishAsync(host);
        var failed = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure after the schedule");
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.IsEnabled, false));

        var job = await host.Jobs.RetryNowAsync(id);

        var ended = await host.WaitForJobAsync(job!.Id, j => j.State == ConsoleJobState.Failed, "the job failed");
        Assert.Contains("is disabled", ended.Error);
        Assert.NotNull(ended.FinishedAt);
        Assert.Equal(0, ended.Done);
        var after = await host.DeliveryAsync(id);
        Assert.Equal((DeliveryStatus.Failed, failed.AttemptCount, (string?)null, (DateTime?)null), (after.Status, after.AttemptCount, after.LeasedBy, after.LeasedUntil));
        Assert.Equal(failed.AttemptCount, receiver.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_WaitsForTheDispatchersLeaseThenSends_WhenTheDispatcherIsSendingTheDelivery()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(r => r.Index == 0 ? new ReceiverResponse(200) { Hold = release.Task } : ReceiverResponse.Ok);
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);
        var id = await PublishAsync(host);
        await receiver.WaitForRequestsAsync(1);

        var job = await host.Jobs.RetryNowAsync(id);
        await host.WaitForJobAsync(job!.Id, j => j.State == ConsoleJobState.Running, "the job running, waiting for the lease");
        release.SetResult();

        await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Succeeded, "the job succeeded");
        var delivery = await host.DeliveryAsync(id);
        Assert.Equal((DeliveryStatus.Succeeded, 2), (delivery.Status, delivery.AttemptCount));
        Assert.Equal([AttemptTrigger.Scheduled, AttemptTrigger.Manual], delivery.Attempts.OrderBy(a => a.Number).Select(a => a.Trigger));
        Assert.Equal(["1", "2"], receiver.Requests.Select(r => r.Header("X-Webhook-Attempt")));
    }

    private static Dictionary<string, string?> Schedule(params string[] waits) =>
        waits.Select((w, i) => ($"Webhooks:Delivery:RetrySchedule:{i}", (string?)w)).ToDictionary(p => p.Item1, p => p.Item2);

    internal static async Task<string> PublishAsync(DeliveryTestHost host)
    {
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        return (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
    }

    private static async Task MakeDueAsync(DeliveryTestHost host, string id)
    {
        await using var db = await host.DbAsync();
        await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, DateTime.UtcNow));
        host.Services.GetRequiredService<DispatcherSignal>().Wake();
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery;

public class DeliveryActionsTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });
    private static readonly DeliveryStatus[] FailedOrSkipped = [DeliveryStatus.Failed, DeliveryStatus.Skipped];

    [Fact]
    public async Task RetryNowAsync_SendsOneManualAttemptAndDoesNotReschedule_WhenItFailsAgain()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure after the schedule");

        Assert.True(await host.Actions.RetryNowAsync(id));

        var delivery = await host.WaitForDeliveryAsync(id, d => d.AttemptCount == 5 && d.Status != DeliveryStatus.Pending, "the manual attempt settled");
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        var manual = delivery.Attempts.Single(a => a.Number == 5);
        Assert.Equal(AttemptTrigger.Manual, manual.Trigger);
        Assert.Equal("5", receiver.Requests[4].Header("X-Webhook-Attempt"));
        Assert.False(await host.Actions.RetryNowAsync("dlv_missing"));
    }

    [Fact]
    public async Task RetryNowAsync_ResendsDelivery_WhenItHadSucceeded()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "first success");

        await host.Actions.RetryNowAsync(id);

        var requests = await receiver.WaitForRequestsAsync(2);
        Assert.Equal(requests[0].BodyText, requests[1].BodyText);
        var delivery = await host.WaitForDeliveryAsync(id, d => d.AttemptCount == 2 && d.Status == DeliveryStatus.Succeeded, "second success");
        Assert.Equal(AttemptTrigger.Manual, delivery.Attempts.Single(a => a.Number == 2).Trigger);
    }

    [Fact]
    public async Task RecoverAsync_ReplaysSkippedDeliveriesAtBoundedRate_WhenEndpointIsBack()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:RecoverPerSecond"] = "2" }, start: false);
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => e.IsEnabled = false);
        for (var i = 0; i < 3; i++)
            await host.Publisher.PublishAsync("customer.created", Data);
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.IsEnabled, true));

        var since = DateTime.UtcNow.AddHours(-1);
        Assert.Equal(3, await host.Actions.CountRecoverableAsync(endpoint.Id, since, FailedOrSkipped));
        Assert.Equal(0, await host.Actions.CountRecoverableAsync(endpoint.Id, DateTime.UtcNow.AddHours(1), FailedOrSkipped));
        Assert.Equal(3, await host.Actions.RecoverAsync(endpoint.Id, since, FailedOrSkipped));

        await using (var db = await host.DbAsync())
        {
            var due = await db.Deliveries.Where(d => d.EndpointId == endpoint.Id).Select(d => d.NextAttemptAt!.Value).ToListAsync();
            var seconds = due.Order().Select(d => d - due.Min()).ToList();
            Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1)], seconds);
            Assert.All(await db.Deliveries.ToListAsync(), d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        }
        await host.StartAsync();
        await receiver.WaitForRequestsAsync(3);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = await host.DbAsync();
            return await db.Deliveries.AllAsync(d => d.Status == DeliveryStatus.Succeeded);
        }, "all recovered deliveries to succeed");
    }

    [Fact]
    public async Task SendTestAsync_DeliversInlineWithTestTrigger_WhenEndpointIsDisabled()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(200, "thanks", new Dictionary<string, string> { ["X-Reply"] = "yes" }));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => { e.IsEnabled = false; e.Subscriptions = ["customer.created"]; });

        var attempt = await host.Actions.SendTestAsync(endpoint.Id);

        Assert.NotNull(attempt);
        Assert.True(attempt.Succeeded);
        Assert.Equal(AttemptTrigger.Test, attempt.Trigger);
        Assert.Equal(200, attempt.ResponseStatus);
        Assert.Equal("thanks", attempt.ResponseBody);
        Assert.Contains("X-Reply", attempt.ResponseHeaders);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(EventType.TestEventName, request.Header("X-Webhook-Event"));
        Assert.Contains("""
            "data":{"message":"This is a test webhook."}
            """, request.BodyText);
        var delivery = await host.DeliveryAsync(attempt.DeliveryId);
        Assert.True(delivery.IsTest);
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        var ep = await host.EndpointAsync(endpoint.Id);
        Assert.False(ep.IsEnabled);
        Assert.Null(ep.LastSuccessAt);
    }

    [Fact]
    public async Task SendTestAsync_FailsWithoutRetry_WhenReceiverErrors()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);

        var attempt = await host.Actions.SendTestAsync(endpoint.Id, "customer.created", """{"id":"42"}""");

        Assert.NotNull(attempt);
        Assert.False(attempt.Succeeded);
        Assert.Equal(500, attempt.ResponseStatus);
        Assert.Contains("""
            "data":{"id":"42"}
            """, attempt.RequestBody);
        var delivery = await host.DeliveryAsync(attempt.DeliveryId);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(0, (await host.EndpointAsync(endpoint.Id)).ConsecutiveFailures);
    }

    [Fact]
    public async Task SendTestAsync_RefusesOrReturnsNull_WhenTypeUnknownOrEndpointMissing()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));

        Assert.Null(await host.Actions.SendTestAsync("ep_missing"));
        var error = await Assert.ThrowsAsync<PublishException>(() => host.Actions.SendTestAsync(endpoint.Id, "nope.nope"));
        Assert.Equal(PublishErrorCode.UnknownEventType, error.Code);
        var invalid = await Assert.ThrowsAsync<PublishException>(() => host.Actions.SendTestAsync(endpoint.Id, null, "[1,2]"));
        Assert.Equal(PublishErrorCode.InvalidPayload, invalid.Code);
    }

    [Fact]
    public async Task SendTestAsync_KeepsResponseBodyUpToTheLimit_WhenReceiverAnswersMore()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(200, new string('x', 5000)));
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:MaxResponseBytes"] = "1024" });
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);

        var attempt = await host.Actions.SendTestAsync(endpoint.Id);

        Assert.NotNull(attempt);
        Assert.True(attempt.Succeeded);
        Assert.Equal(new string('x', 1024), attempt.ResponseBody);
        Assert.True(attempt.ResponseBodyTruncated);
    }

    [Fact]
    public async Task SendTestAsync_EndsTheTestFailedWithTheReason_WhenTheCallerStopsWaiting()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => e.TimeoutSeconds = 30);
        using var caller = new CancellationTokenSource();

        var sending = host.Actions.SendTestAsync(endpoint.Id, ct: caller.Token);
        await receiver.WaitForRequestsAsync(1);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        release.SetResult();
        await using var db = await host.DbAsync();
        var test = await db.Deliveries.AsNoTracking().SingleAsync(d => d.IsTest);
        Assert.Equal(DeliveryStatus.Failed, test.Status);
        Assert.Contains("caller stopped waiting", test.LastError);
        Assert.Null(test.NextAttemptAt);
        Assert.Null(test.LeasedBy);
    }

    [Fact]
    public async Task RetryNowAsync_SendsTheTestAgain_WhenATestDeliveryIsRetried()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => e.IsEnabled = false);
        var first = await host.Actions.SendTestAsync(endpoint.Id);

        Assert.True(await host.Actions.RetryNowAsync(first!.DeliveryId));

        var delivery = await host.WaitForDeliveryAsync(first.DeliveryId, d => d.AttemptCount == 2 && d.Status != DeliveryStatus.Pending, "the retried test settled");
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        Assert.Equal(2, receiver.Requests.Count);
    }
}

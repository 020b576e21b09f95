using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery;

public class DeliveryActionsTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

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
    public async Task SendTestAsync_RecordsResponseHeadersAsReceived_WhenAValueWouldBeWrittenDifferentlyOnceParsed()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(200, "ok", new Dictionary<string, string>
        {
            ["Cache-Control"] = "no-cache,max-age=60",
            ["Content-Language"] = "en,de",
        }));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);

        var attempt = await host.Actions.SendTestAsync(endpoint.Id);

        Assert.NotNull(attempt);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(attempt.ResponseHeaders!)!;
        // Parsed and written again these would read "no-cache, max-age=60" and "en, de".
        Assert.Equal("no-cache,max-age=60", headers["Cache-Control"]);
        Assert.Equal("en,de", headers["Content-Language"]);
        Assert.Equal("chunked", headers["Transfer-Encoding"]);
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
}

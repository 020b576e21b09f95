using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Endpoints;
using Webhooks.Core.History;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public class DeliveryDispatcherTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123", customer_no = "C001" });

    [Fact]
    public async Task Dispatcher_SendsExactWireFormat_WhenDelivering()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, secret) = await host.AddEndpointAsync(receiver.Url, e =>
        {
            e.AuthMode = AuthMode.Bearer;
            e.AuthSecretProtected = null;
            e.CustomHeaders = new() { ["X-Tenant"] = "acme" };
        });
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.AuthSecretProtected, host.Protector.Protect("tok-123")));

        var metadata = JsonSerializer.SerializeToElement(new { source = "crm" });
        var result = await host.Publisher.PublishAsync("customer.created", Data, metadata);
        var request = (await receiver.WaitForRequestsAsync(1))[0];
        var delivery = await host.WaitForDeliveryAsync((await host.DeliveriesOfEventAsync(result.EventId))[0].Id, d => d.Status == DeliveryStatus.Succeeded, "success");

        await using var check = await host.DbAsync();
        var evt = await check.Events.SingleAsync();
        var expected = $$$"""{"id":"{{{evt.Id}}}","event":"customer.created","timestamp":"{{{evt.OccurredAt:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}","data":{"id":"123","customer_no":"C001"},"metadata":{"source":"crm"}}""";
        Assert.Equal(expected, request.BodyText);
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.StartsWith("Webhooks/", request.Header("User-Agent"));
        Assert.Equal("customer.created", request.Header("X-Webhook-Event"));
        Assert.Equal(evt.Id, request.Header("X-Webhook-ID"));
        Assert.Equal(delivery.Id, request.Header("X-Webhook-Delivery"));
        Assert.Equal("1", request.Header("X-Webhook-Attempt"));
        Assert.True(long.TryParse(request.Header("X-Webhook-Timestamp"), out _));
        Assert.Equal("Bearer tok-123", request.Header("Authorization"));
        Assert.Equal("acme", request.Header("X-Tenant"));
        Assert.Equal("sha256=" + WebhookSigner.HmacSha256Hex(secret, request.Body), request.Header("X-Webhook-Signature"));

        var attempt = Assert.Single(delivery.Attempts);
        Assert.Null(attempt.RequestBody); // the event's own body, kept once with the event...
        var detail = await new DeliveryHistory(host.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>()).DetailAsync(delivery.Id);
        Assert.Equal(request.BodyText, Assert.Single(detail!.Attempts).RequestBody); // ...and read back byte for byte
        var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(attempt.RequestHeaders)!;
        Assert.Equal("Bearer ****", stored["Authorization"]);
        Assert.Equal(request.Header("X-Webhook-Signature"), stored["X-Webhook-Signature"]);
        Assert.Equal(200, attempt.ResponseStatus);
        Assert.Equal(AttemptTrigger.Scheduled, attempt.Trigger);
        var ep = await host.EndpointAsync(endpoint.Id);
        Assert.NotNull(ep.LastSuccessAt);
        await host.StopAsync();
        Assert.Contains(host.LogLines, l => l.Contains("Webhook sent successfully to " + receiver.Url)); // the send's own lines are there...
        Assert.DoesNotContain(host.LogLines, l => l.Contains("tok-123") || l.Contains(secret)); // ...and no secret in any line
    }

    [Fact]
    public async Task Dispatcher_RecordsNoHeadersAndNoBody_WhenTheRequestCannotBeBuilt()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.SecretProtected, "not-protected-by-this-key-ring"));

        var result = await host.Publisher.PublishAsync("customer.created", Data);
        var delivery = await host.WaitForDeliveryAsync((await host.DeliveriesOfEventAsync(result.EventId))[0].Id, d => d.AttemptCount == 1, "one attempt");

        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(("{}", "", (int?)null), (attempt.RequestHeaders, attempt.RequestBody, attempt.ResponseStatus));
        Assert.Contains("signing secret cannot be read", attempt.Error);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Dispatcher_WritesNullMetadata_WhenNonePublished()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);

        await host.Publisher.PublishAsync("customer.created", Data);

        var body = (await receiver.WaitForRequestsAsync(1))[0].BodyText;
        Assert.EndsWith("""
            "data":{"id":"123","customer_no":"C001"},"metadata":null}
            """, body);
    }

    [Fact]
    public async Task Dispatcher_RetriesUntilSuccess_WhenReceiverFailsTwice()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(r => r.Index < 2 ? new ReceiverResponse(500, "boom") : ReceiverResponse.Ok);
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "success after retries");
        var attempts = delivery.Attempts.OrderBy(a => a.Number).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Number));
        Assert.Equal([500, 500, 200], attempts.Select(a => a.ResponseStatus ?? 0));
        Assert.Equal([AttemptErrorKind.HttpStatus, AttemptErrorKind.HttpStatus, AttemptErrorKind.None], attempts.Select(a => a.ErrorKind));
        Assert.Equal("boom", attempts[0].ResponseBody);
        Assert.True(attempts[0].StartedAt < attempts[1].StartedAt && attempts[1].StartedAt < attempts[2].StartedAt);
        Assert.Equal(["1", "2", "3"], receiver.Requests.Select(r => r.Header("X-Webhook-Attempt")));
        Assert.Single(receiver.Requests.Select(r => r.BodyText).Distinct());
        Assert.Equal(3, delivery.AttemptCount);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Null(delivery.LastError);
        var ep = await host.EndpointAsync(endpoint.Id);
        Assert.Equal(0, ep.ConsecutiveFailures);
        Assert.NotNull(ep.LastFailureAt);
        await host.WaitForLogAsync(l => l.Contains("Error sending webhook to " + receiver.Url + ": HTTP 500"), "the failure logged");
        await host.WaitForLogAsync(l => l.Contains("Webhook sent successfully to " + receiver.Url), "the success logged");
    }

    [Fact]
    public async Task Dispatcher_RecordsTimeoutAndFails_WhenReceiverNeverAnswersInTime()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(Delay: TimeSpan.FromSeconds(30)));
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url, e => { e.TimeoutSeconds = 1; e.RetryEnabled = false; });

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure by timeout");
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(AttemptErrorKind.Timeout, attempt.ErrorKind);
        Assert.Null(attempt.ResponseStatus);
        Assert.Contains("timeout", attempt.Error, StringComparison.OrdinalIgnoreCase);
        await host.WaitForLogAsync(l => l.Contains("failed after 1 attempts"), "the final failure logged");
    }

    [Fact]
    public async Task Dispatcher_DisablesEndpointAtOnce_WhenReceiverAnswers410()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(410));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure on 410");
        Assert.Single(delivery.Attempts);
        var ep = await host.EndpointAsync(endpoint.Id);
        Assert.False(ep.IsEnabled);
        Assert.True(ep.DisabledAutomatically);
        Assert.Contains("410", ep.DisabledReason);
        Assert.NotEqual(endpoint.Version, ep.Version);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("7200", 3600)] // capped by MaxRetryAfter (1 h)
    public async Task Dispatcher_SchedulesByRetryAfter_WhenReceiverAnswers429(string retryAfter, int expectedSeconds)
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(429, Headers: new Dictionary<string, string> { ["Retry-After"] = retryAfter }));
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.AttemptCount == 1, "first attempt settled");
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        var attempt = Assert.Single(delivery.Attempts);
        var failedAt = attempt.StartedAt.AddMilliseconds(attempt.DurationMs);
        Assert.InRange(delivery.NextAttemptAt!.Value, failedAt.AddSeconds(expectedSeconds), failedAt.AddSeconds(expectedSeconds).AddMilliseconds(1));
        Assert.Equal(429, delivery.LastStatusCode);
    }

    [Fact]
    public async Task Dispatcher_DisablesEndpoint_WhenFiveDeliveriesFailInARow()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => e.RetryEnabled = false);

        for (var i = 0; i < 5; i++)
            await host.Publisher.PublishAsync("customer.created", Data);

        var ep = await Eventually.WaitAsync(() => host.EndpointAsync(endpoint.Id), e => !e.IsEnabled, "endpoint disabled");
        Assert.True(ep.DisabledAutomatically);
        Assert.Equal(5, ep.ConsecutiveFailures);
        Assert.Contains("5 failed deliveries in a row", ep.DisabledReason);
        await host.WaitForLogAsync(l => l.Contains("was disabled"), "the disable logged");

        var next = await host.Publisher.PublishAsync("customer.created", Data);
        Assert.Equal(DeliveryStatus.Skipped, Assert.Single(await host.DeliveriesOfEventAsync(next.EventId)).Status);
    }

    [Fact]
    public async Task Dispatcher_FailsAfterSchedule_WhenReceiverAlwaysFails()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(503));
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "failure after the schedule");
        Assert.Equal(4, delivery.AttemptCount); // first try + three scheduled retries
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(1, (await host.EndpointAsync(endpoint.Id)).ConsecutiveFailures);
    }

    [Fact]
    public async Task Dispatcher_MarksSkippedWithoutSending_WhenEndpointWasDisabledAfterPublish()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.IsEnabled, false));

        await host.StartAsync();

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Skipped, "skipped");
        Assert.Empty(delivery.Attempts);
        Assert.Null(delivery.LeasedBy);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task RunAsync_SendsRetryWhenDue_WhenPollIntervalIsLongerThanTheRetryWait()
    {
        // The loop went idle while the first attempt was out, with nothing else due: only the attempt's
        // settle can tell it a retry is due in 50 ms. A missed wake-up shows as a one-minute stall.
        await using var receiver = await LoopbackReceiver.StartAsync(r => r.Index == 0 ? new ReceiverResponse(500) : ReceiverResponse.Ok);
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:MaxPollInterval"] = "00:01:00" });
        await host.AddEndpointAsync(receiver.Url);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "the retry, long before the next poll");
        Assert.Equal(2, delivery.AttemptCount);
    }

    [Fact]
    public async Task RunAsync_SendsOnceAndRecordsOneAttempt_WhenItsOwnLeaseRunsOutMidSend()
    {
        // The clock jumps past the lease while the request is out (a stalled process, a clock step):
        // the row is due again and this dispatcher claims it again under the same owner id.
        var clock = new ShiftedTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:MaxPollInterval"] = "00:00:00.050" }, time: clock);
        await host.AddEndpointAsync(receiver.Url, e => e.TimeoutSeconds = 30);
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        await receiver.WaitForRequestsAsync(1);

        clock.Advance(TimeSpan.FromMinutes(3));
        await host.WaitForDeliveryAsync(id, d => d.LeasedUntil > clock.GetUtcNow().UtcDateTime, "the delivery claimed again on the moved clock");
        release.SetResult();

        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "success");
        await Eventually.WaitAsync(() => Task.FromResult(host.Dispatcher.Held), n => n == 0, "the dispatcher to hold nothing");
        Assert.Single(receiver.Requests);
        Assert.Equal(1, Assert.Single((await host.DeliveryAsync(id)).Attempts).Number);
        Assert.Equal(1, delivery.AttemptCount);
    }

    [Fact]
    public async Task RunAsync_LeasesItsLimitAheadForOneEndpoint_WhenItsBacklogIsPastItsLimitInFlight()
    {
        // One flooded endpoint: two requests on the wire and ten leased ahead in memory (its limit
        // ahead, not its limit in flight), so its next sends start without a claim round each.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Delivery:MaxConcurrencyPerEndpoint"] = "2",
            ["Webhooks:Delivery:LeaseAheadPerEndpoint"] = "10",
        }, start: false);
        await host.AddEndpointAsync(receiver.Url, e => e.TimeoutSeconds = 30);
        for (var i = 0; i < 20; i++)
            await host.Publisher.PublishAsync("customer.created", Data);

        await host.StartAsync();
        await receiver.WaitForRequestsAsync(2);
        await Eventually.WaitAsync(() => Task.FromResult(host.Dispatcher.Held), n => n == 12, "two requests on the wire and ten leased ahead");
        release.SetResult();

        await Eventually.WaitAsync(async () =>
        {
            await using var db = await host.DbAsync();
            return await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded);
        }, n => n == 20, "every delivery sent");
        Assert.Equal(20, receiver.Requests.Count);
    }
}

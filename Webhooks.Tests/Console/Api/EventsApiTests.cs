using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Webhooks.Tests.Support;
using static Webhooks.Tests.Console.Api.ApiResponses;

namespace Webhooks.Tests.Console.Api;

public sealed class EventsApiTests(DeliveringConsoleServer server) : IClassFixture<DeliveringConsoleServer>
{
    private async Task<string> CreateWebhookAsync(HttpClient client, Uri url, string events = "customer.created")
    {
        var created = await client.PostAsJsonAsync("/api/v1/webhooks", new { name = "receiver " + Guid.NewGuid().ToString("N")[..6], url = url.ToString(), events = new[] { events } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await JsonAsync(created)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Publish_Returns202AndReachesReceiver_WhenTypeIsKnown()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        using var client = server.Client();
        await CreateWebhookAsync(client, receiver.Url, "product.*");

        var response = await client.PostAsJsonAsync("/api/v1/events", new { @event = "product.created", data = new { id = "789" }, metadata = new { user_id = "admin" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        var eventId = body.GetProperty("id").GetString()!;
        Assert.StartsWith("evt_", eventId);
        Assert.Equal(1, body.GetProperty("deliveries").GetInt32());
        var request = (await receiver.WaitForRequestsAsync(1))[0];
        Assert.Equal(eventId, request.Header("X-Webhook-ID"));
        using var envelope = JsonDocument.Parse(request.Body);
        Assert.Equal("789", envelope.RootElement.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("admin", envelope.RootElement.GetProperty("metadata").GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task Publish_ReturnsFirstEvent_WhenIdempotencyKeyRepeats()
    {
        using var client = server.Client();
        var body = new { @event = "customer.deleted", data = new { id = "1" }, idempotencyKey = "delete-1-" + Guid.NewGuid() };
        var first = await JsonAsync(await client.PostAsJsonAsync("/api/v1/events", body));
        var second = await JsonAsync(await client.PostAsJsonAsync("/api/v1/events", body));

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
    }

    [Theory]
    [InlineData("""{"event":"no.such.type","data":{}}""", "event")]
    [InlineData("""{"data":{}}""", "event")]
    [InlineData("""{"event":"customer.created"}""", "data")]
    [InlineData("""{"event":"customer.created","data":[1,2]}""", "data")]
    [InlineData("""{"event":"customer.created","data":{},"metadata":"x"}""", "metadata")]
    [InlineData("""{"event":"customer.created","data":{""", "body")]
    [InlineData("""{"event":"customer.created","data":{},"extra":true}""", "extra")]
    public async Task Publish_Returns400NamingTheField_WhenBodyIsBad(string json, string field)
    {
        using var client = server.Client();
        await AssertProblemAsync(await client.PostAsync("/api/v1/events", new StringContent(json, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Publish_Returns400_WhenTypeIsArchived()
    {
        using var client = server.Client();
        var name = "legacy.thing" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/event-types", new { name, samplePayload = new { } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/event-types/{name}")).StatusCode);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", new { @event = name, data = new { } }), HttpStatusCode.BadRequest, "event");
    }

    [Fact]
    public async Task Publish_Returns413_WhenPayloadIsOverTheLimit()
    {
        using var client = server.Client();
        var response = await client.PostAsJsonAsync("/api/v1/events", new { @event = "customer.created", data = new { blob = new string('x', 5000) } });
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Publish_Returns401Or403_WhenKeyIsMissingOrLacksPublishScope()
    {
        using var anonymous = server.Client(key: null);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/events", new { @event = "customer.created", data = new { } }), HttpStatusCode.Unauthorized);
        using var reader = server.Client(await server.CreateKeyAsync("read"));
        await AssertProblemAsync(await reader.PostAsJsonAsync("/api/v1/events", new { @event = "customer.created", data = new { } }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateTestLogsStats_RoundTrip_WhenReceiverIsOnLoopback()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(r => new ReceiverResponse(200, """{"ok":true}"""));
        using var client = server.Client();
        var id = await CreateWebhookAsync(client, receiver.Url);

        var test = await JsonAsync(await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/test", new { }));
        Assert.True(test.GetProperty("success").GetBoolean());
        Assert.Equal(200, test.GetProperty("statusCode").GetInt32());
        Assert.Equal("""{"ok":true}""", test.GetProperty("responseBody").GetString());
        var deliveryId = test.GetProperty("deliveryId").GetString()!;
        var sent = (await receiver.WaitForRequestsAsync(1))[0];
        Assert.Equal("webhook.test", sent.Header("X-Webhook-Event"));

        await client.PostAsJsonAsync("/api/v1/events", new { @event = "customer.created", data = new { id = "1" } });
        await receiver.WaitForRequestsAsync(2);
        var logs = await Eventually.WaitAsync(
            async () => await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?status=succeeded&limit=10")),
            l => l.GetProperty("items").GetArrayLength() == 2, "two succeeded deliveries in the logs");
        Assert.Contains(logs.GetProperty("items").EnumerateArray(), i => i.GetProperty("test").GetBoolean());

        var stats = await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/stats"));
        Assert.Equal(1, stats.GetProperty("succeeded").GetInt32());
        Assert.Equal(1.0, stats.GetProperty("successRate").GetDouble());

        var detail = await JsonAsync(await client.GetAsync($"/api/v1/deliveries/{deliveryId}"));
        var attempt = detail.GetProperty("attempts")[0];
        Assert.Equal("test", attempt.GetProperty("trigger").GetString());
        Assert.StartsWith("sha256=", attempt.GetProperty("requestHeaders").GetProperty("X-Webhook-Signature").GetString());
        Assert.Equal(sent.BodyText, attempt.GetProperty("requestBody").GetString()); // kept once with the event, given back byte for byte

        var retry = await client.PostAsync($"/api/v1/deliveries/{deliveryId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var job = await JsonAsync(retry);
        var jobId = job.GetProperty("id").GetString()!;
        Assert.Equal(("retryNow", deliveryId), (job.GetProperty("kind").GetString(), job.GetProperty("deliveryId").GetString()));
        Assert.StartsWith($"Retry delivery {deliveryId} to ", job.GetProperty("name").GetString());
        Assert.Equal($"/api/v1/jobs/{jobId}", retry.Headers.Location!.OriginalString);
        await Eventually.WaitAsync(async () => await JsonAsync(await client.GetAsync(retry.Headers.Location)),
            j => j.GetProperty("state").GetString() == "succeeded" && j.GetProperty("done").GetInt32() == 1, "the Retry now job to succeed");
        await receiver.WaitForRequestsAsync(3);
        await AssertProblemAsync(await client.GetAsync("/api/v1/jobs/999999"), HttpStatusCode.NotFound);

        var selected = await client.PostAsJsonAsync("/api/v1/deliveries/retry", new { ids = new[] { deliveryId, "dlv_missing" } });
        Assert.Equal(HttpStatusCode.Accepted, selected.StatusCode);
        var batch = await JsonAsync(selected);
        Assert.Equal(("retrySelected", "Retry 1 selected delivery", 1), (batch.GetProperty("kind").GetString(), batch.GetProperty("name").GetString(), batch.GetProperty("total").GetInt32()));
        await receiver.WaitForRequestsAsync(4);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/deliveries/retry", new { ids = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/deliveries/retry", new { ids = new[] { "dlv_missing" } }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PostAsync("/api/v1/deliveries/dlv_missing/retry", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Recover_RequeuesFailedDeliveries_WhenReceiverComesBack()
    {
        var healthy = false;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => Volatile.Read(ref healthy) ? ReceiverResponse.Ok : new ReceiverResponse(503));
        using var client = server.Client();
        var id = await CreateWebhookAsync(client, receiver.Url, "document.*");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await client.PostAsJsonAsync("/api/v1/events", new { @event = "document.uploaded", data = new { id = "1" } });
        await Eventually.WaitAsync(
            async () => await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?status=failed")),
            l => l.GetProperty("items").GetArrayLength() == 1, "the delivery to fail after its retries");

        Volatile.Write(ref healthy, true);
        var recovered = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/recover", new { since, statuses = new[] { "failed" } });

        Assert.Equal(HttpStatusCode.Accepted, recovered.StatusCode);
        var job = await JsonAsync(recovered);
        Assert.Equal(("recover", 1, id), (job.GetProperty("kind").GetString(), job.GetProperty("total").GetInt32(), job.GetProperty("endpointId").GetString()));
        await Eventually.WaitAsync(async () => await JsonAsync(await client.GetAsync(recovered.Headers.Location)),
            j => j.GetProperty("state").GetString() == "succeeded" && j.GetProperty("done").GetInt32() == 1, "the Recover job to succeed");
        await Eventually.WaitAsync(
            async () => await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?status=succeeded")),
            l => l.GetProperty("items").GetArrayLength() == 1, "the recovered delivery to succeed");
        var recent = await JsonAsync(await client.GetAsync("/api/v1/logs/recent?hours=1&limit=500"));
        Assert.Contains(recent.GetProperty("items").EnumerateArray(), i => i.GetProperty("webhookId").GetString() == id);
    }

    [Fact]
    public async Task Logs_PagesWithCursor_WhenMoreRowsThanLimit()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        using var client = server.Client();
        var id = await CreateWebhookAsync(client, receiver.Url, "customer.status_changed");
        for (var i = 0; i < 3; i++)
            await client.PostAsJsonAsync("/api/v1/events", new { @event = "customer.status_changed", data = new { i } });

        var first = await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?limit=2"));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?limit=2&cursor={cursor}"));

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        await AssertProblemAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?cursor=garbage!"), HttpStatusCode.BadRequest, "cursor");
        await AssertProblemAsync(await client.GetAsync($"/api/v1/webhooks/{id}/logs?status=bogus"), HttpStatusCode.BadRequest, "status");
    }
}

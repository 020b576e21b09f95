using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Webhooks.Tests.Support;

/// <summary>
/// The HTTP API calls the reliability suites make over and over (create an endpoint, publish many
/// events, read an endpoint's stats), against an in-process server or the console child process alike.
/// </summary>
public sealed class WebhooksApiDriver(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>Creates an endpoint for every event type; <paramref name="extra"/> adds or overrides request fields.</summary>
    public async Task<string> CreateEndpointAsync(Uri url, string name = "Receiver", IDictionary<string, object?>? extra = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = name, ["url"] = url.ToString(), ["events"] = new[] { "*" } };
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
            body[key] = value;
        var response = await client.PostAsJsonAsync("/api/v1/webhooks", body);
        await EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Publishes <paramref name="count"/> events with <paramref name="parallel"/> callers; returns the event ids, all acknowledged (202).</summary>
    public async Task<IReadOnlyList<string>> PublishManyAsync(int count, int parallel = 8, string type = "customer.created")
    {
        var ids = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var response = await client.PostAsJsonAsync("/api/v1/events", new { @event = type, data = new { n = i } });
                await EnsureAsync(response, HttpStatusCode.Accepted);
                ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            }
        }));
        return ids;
    }

    /// <summary><c>GET /api/v1/webhooks/{id}/stats</c>: total, succeeded, failed, pending...</summary>
    public async Task<JsonElement> StatsAsync(string endpointId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{endpointId}/stats");

    public async Task<JsonElement> EndpointAsync(string endpointId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{endpointId}");

    /// <summary>Starts a Recover job of failed and skipped deliveries since <paramref name="since"/>; returns how many it will re-queue.</summary>
    public async Task<int> RecoverAsync(string endpointId, DateTime since) =>
        (await StartRecoverAsync(endpointId, since)).GetProperty("total").GetInt32();

    /// <summary>Starts a Recover job of failed and skipped deliveries since <paramref name="since"/>; returns the job (202's body).</summary>
    public async Task<JsonElement> StartRecoverAsync(string endpointId, DateTime since)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{endpointId}/recover", new { since, statuses = new[] { "failed", "skipped" } });
        await EnsureAsync(response, HttpStatusCode.Accepted);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary><c>GET /api/v1/jobs/{id}</c>: a job's state and progress.</summary>
    public async Task<JsonElement> JobAsync(string jobId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");

    /// <summary>Waits until every one of the endpoint's <paramref name="total"/> deliveries has Succeeded.</summary>
    public Task<JsonElement> WaitForAllSucceededAsync(string endpointId, int total, TimeSpan timeout) =>
        Eventually.WaitAsync(() => StatsAsync(endpointId),
            s => s.GetProperty("total").GetInt32() == total && s.GetProperty("succeeded").GetInt32() == total,
            $"all {total} deliveries Succeeded", timeout);

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {await response.Content.ReadAsStringAsync()}");
    }
}

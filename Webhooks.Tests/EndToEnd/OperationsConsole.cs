using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.EndToEnd;

/// <summary>
/// One real console for the operations tests: an Admin made at start, an API key for set-up over
/// HTTP, deliveries allowed to loopback receivers, and a tiny retry schedule.
/// </summary>
public sealed class OperationsConsole : IAsyncLifetime
{
    public const string AdminEmail = "ops@example.com";
    public const string AdminPassword = "operations-password-1";
    private const string ApiKey = "e2e-operations-key-0123456789";

    public ConsoleProcess App { get; private set; } = default!;
    public HttpClient Api { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await ConsoleProcess.StartAsync(null,
            $"--Webhooks:Bootstrap:AdminEmail={AdminEmail}",
            $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}",
            $"--Webhooks:Bootstrap:ApiKey={ApiKey}",
            "--Webhooks:Delivery:AllowHttp=true",
            "--Webhooks:Delivery:AllowPrivateNetworks=true",
            "--Webhooks:Delivery:RetrySchedule:0=00:00:00.050",
            "--Webhooks:Delivery:RetrySchedule:1=00:00:00.050",
            "--Webhooks:Delivery:RetrySchedule:2=00:00:00.050",
            "--Webhooks:Delivery:DisableAfterConsecutiveFailures=1000",
            // Jobs (Retry now, Recover) are picked up this often: Hangfire's SQLite storage wakes no worker on enqueue.
            "--Webhooks:Jobs:QueuePollInterval=00:00:00.100");
        Api = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    /// <summary>Creates an endpoint over the API and returns its id.</summary>
    /// <param name="timeoutSeconds">How long a send waits for the answer; the console's default when null.</param>
    public async Task<string> CreateEndpointAsync(string name, Uri url, string eventType, bool retry = true, int? timeoutSeconds = null)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/webhooks", new { name, url, events = new[] { eventType }, retryEnabled = retry, timeoutSeconds });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task PublishAsync(string eventType, object data) =>
        (await Api.PostAsJsonAsync("/api/v1/events", new { @event = eventType, data })).EnsureSuccessStatusCode();

    /// <summary>The endpoint's deliveries with this status (newest first), as the API lists them.</summary>
    public async Task<List<JsonElement>> DeliveriesAsync(string endpointId, string status)
    {
        var page = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{endpointId}/logs?status={status}&limit=100");
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public Task<List<JsonElement>> WaitForDeliveriesAsync(string endpointId, string status, int count) =>
        Eventually.WaitAsync(() => DeliveriesAsync(endpointId, status), d => d.Count >= count, $"{count} {status} deliveries of {endpointId}");

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }
}

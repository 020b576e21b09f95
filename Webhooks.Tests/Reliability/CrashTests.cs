using System.Net.Http.Json;
using System.Diagnostics;
using Webhooks.Core.Delivery;
using Webhooks.Tests.EndToEnd;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// The real console as a child process, killed with SIGKILL while it delivers, then started again on
/// the same SQLite file: every published delivery must end Succeeded and reach the receiver. Size with
/// <c>WEBHOOKS_CRASH_EVENTS</c> (default sized for CI); run alone with <c>--filter Category=Crash</c>.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string ApiKey = "crash-test-key-0123456789abcdef";
    // Every send in flight at the moment of the kill may be sent again, and no other: the bound on duplicates.
    private const int MaxConcurrency = 32;

    private static int Events =>
        int.TryParse(Environment.GetEnvironmentVariable("WEBHOOKS_CRASH_EVENTS"), out var n) && n > 0 ? n : 2000;

    // A dead process's leases must run out before another claims them: the shortest lease allowed, so
    // the test is quick, with the waits it must outlast cut to fit (DeliveryOptionsValidator).
    private static readonly string[] Settings =
    [
        $"--Webhooks:Bootstrap:ApiKey={ApiKey}",
        "--Webhooks:Delivery:AllowHttp=true",
        "--Webhooks:Delivery:AllowPrivateNetworks=true",
        $"--Webhooks:Delivery:MaxConcurrency={MaxConcurrency}",
        $"--Webhooks:Delivery:MaxConcurrencyPerEndpoint={MaxConcurrency}",
        "--Webhooks:Delivery:RetrySchedule:0=00:00:00.100",
        "--Webhooks:Delivery:RetrySchedule:1=00:00:00.100",
        "--Webhooks:Delivery:RetrySchedule:2=00:00:00.100",
        "--Webhooks:Delivery:RetryJitter=0",
        "--Webhooks:Delivery:RecoverPerSecond=200",
        // One line per delivery would make the child's output the bottleneck.
        "--Logging:LogLevel:Webhooks=Warning",
    ];

    [Fact]
    public async Task Dispatcher_DeliversEveryEventAtLeastOnce_WhenKilledMidDispatch()
    {
        var total = Events;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Sends are held while events are being published (at most 3 s each, within the 5 s endpoint timeout), so the
        // kill lands mid-dispatch rather than mid-publish.
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = Task.WhenAny(gate.Task, Task.Delay(TimeSpan.FromSeconds(3))) });
        var first = await ConsoleProcess.StartAsync(null, Settings);
        var dataDirectory = first.DataDirectory;
        string endpointId;
        IReadOnlyList<string> published;
        await using (first)
        {
            var api = new WebhooksApiDriver(first.Client(ApiKey));
            endpointId = await api.CreateEndpointAsync(receiver.Url);
            var publishing = Stopwatch.StartNew();
            published = await api.PublishManyAsync(total);
            output.WriteLine($"published {total} in {publishing.Elapsed.TotalSeconds:0.0} s");
            gate.SetResult();
            await receiver.WaitForRequestsAsync(total / 3, TimeSpan.FromMinutes(2));
            first.Kill();
        }
        var seenAtKill = receiver.Requests.Count;

        var clock = Stopwatch.StartNew();
        await using var second = await ConsoleProcess.StartAsync(dataDirectory, Settings);
        var again = new WebhooksApiDriver(second.Client(ApiKey));
        // Default lease settings: what the dead process had leased is resumed at once on restart, well before its
        // leases (2 min) would have run out; waiting for them to run out would fail this wait.
        await again.WaitForAllSucceededAsync(endpointId, total, new DeliveryOptions().LeaseDuration);
        var drain = clock.Elapsed;

        var requests = receiver.Requests;
        var (missing, duplicates, resent) = Tally(requests, published);
        output.WriteLine($"crash: {total} deliveries, killed after {seenAtKill} arrived, {duplicates} duplicates seen by the receiver ({resent} attempts resent after the kill, bound {MaxConcurrency}), drained {drain.TotalSeconds:0.0} s after restart");
        Assert.Empty(missing);
        Assert.InRange(resent, 0, MaxConcurrency);
    }

    /// <summary>
    /// Event ids never received; requests beyond one per event; and attempts sent twice under the same number,
    /// which happens only when a send was in flight at the kill and never recorded (retries after a slow answer
    /// are duplicates a receiver sees too, but with a new attempt number).
    /// </summary>
    private static (List<string> Missing, int Duplicates, int Resent) Tally(IReadOnlyList<ReceivedRequest> requests, IReadOnlyList<string> published)
    {
        var seen = requests.Select(r => r.Header("X-Webhook-ID")).ToHashSet();
        var resent = requests.Count - requests.Select(r => (r.Header("X-Webhook-Delivery"), r.Header("X-Webhook-Attempt"))).Distinct().Count();
        return (published.Where(id => !seen.Contains(id)).ToList(), requests.Count - seen.Count, resent);
    }

    [Fact]
    public async Task Recover_RequeuesEveryFailedAndSkippedDelivery_WhenKilledDuringReplay()
    {
        var total = Math.Max(200, Events / 4);
        var failing = true;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => Volatile.Read(ref failing) ? new ReceiverResponse(500) : ReceiverResponse.Ok);
        var first = await ConsoleProcess.StartAsync(null, Settings);
        var dataDirectory = first.DataDirectory;
        string endpointId;
        IReadOnlyList<string> published;
        int failedRequests;
        await using (first)
        {
            var api = new WebhooksApiDriver(first.Client(ApiKey));
            var since = DateTime.UtcNow.AddMinutes(-1);
            endpointId = await api.CreateEndpointAsync(receiver.Url, extra: new Dictionary<string, object?> { ["retryEnabled"] = false });
            // Five failures disable the endpoint; the rest are kept as Skipped. Recovery replays both.
            published = await api.PublishManyAsync(total);
            await Eventually.WaitAsync(() => api.StatsAsync(endpointId), s => s.GetProperty("pending").GetInt32() == 0, "every delivery settled", TimeSpan.FromSeconds(60));
            Assert.False((await api.EndpointAsync(endpointId)).GetProperty("enabled").GetBoolean());
            failedRequests = receiver.Requests.Count;

            // The receiver is fixed; the admin re-enables the endpoint and turns retries back on, so a slow answer is retried, not failed.
            Volatile.Write(ref failing, false);
            (await api.Client.PostAsync($"/api/v1/webhooks/{endpointId}/toggle", null)).EnsureSuccessStatusCode();
            (await api.Client.PutAsJsonAsync($"/api/v1/webhooks/{endpointId}", new { retryEnabled = true })).EnsureSuccessStatusCode();
            Assert.Equal(total, await api.RecoverAsync(endpointId, since));
            // Replayed at 200 a second: killed with most of the replay still queued.
            await receiver.WaitForRequestsAsync(failedRequests + 20, TimeSpan.FromSeconds(30));
            first.Kill();
        }
        var replayedAtKill = receiver.Requests.Count - failedRequests;

        await using var second = await ConsoleProcess.StartAsync(dataDirectory, Settings);
        var again = new WebhooksApiDriver(second.Client(ApiKey));
        // The operator presses recover again after the crash: the first recovery survived it, so nothing is left to re-queue.
        Assert.Equal(0, await again.RecoverAsync(endpointId, DateTime.UtcNow.AddHours(-1)));
        await again.WaitForAllSucceededAsync(endpointId, total, TimeSpan.FromSeconds(60 + total / 20));

        var (missing, duplicates, resent) = Tally(receiver.Requests.Skip(failedRequests).ToList(), published);
        output.WriteLine($"recover crash: {total} deliveries replayed, killed after {replayedAtKill}, {duplicates} duplicates ({resent} resent after the kill, bound {MaxConcurrency})");
        Assert.Empty(missing);
        Assert.InRange(resent, 0, MaxConcurrency);
    }
}

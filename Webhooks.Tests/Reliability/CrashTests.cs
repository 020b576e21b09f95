using System.Net.Http.Json;
using System.Diagnostics;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;
using Webhooks.Tests.EndToEnd;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// The real console as a child process, killed with SIGKILL while it delivers, then started again on
/// the same database (SQLite file, or PostgreSQL): every published delivery must end Succeeded and
/// reach the receiver. On PostgreSQL the restarted console takes the dead one's work over once its
/// heartbeat is older than <c>ServerTimeout</c> (it cannot tell a dead console from a live one sooner). Size with
/// <c>WEBHOOKS_CRASH_EVENTS</c> (default sized for CI); run alone with <c>--filter Category=Crash</c>.
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const string ApiKey = "crash-test-key-0123456789abcdef";
    // Every send not recorded at the moment of the kill (in flight, or answered and waiting for its
    // record) may be sent again, and no other: the bound on duplicates.
    private const int MaxConcurrency = 32;
    private const int MaxUnrecorded = 32;
    private const int Unrecorded = MaxConcurrency + MaxUnrecorded;

    private static int Events => EventsFromEnvironment("WEBHOOKS_CRASH_EVENTS", 2000);

    /// <summary>The run's size from <paramref name="variable"/> when it holds a positive number, else <paramref name="fallback"/>.</summary>
    internal static int EventsFromEnvironment(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && n > 0 ? n : fallback;

    // A dead process's leases must run out before another claims them: the shortest lease allowed, so
    // the test is quick, with the waits it must outlast cut to fit (DeliveryOptionsValidator).
    private static readonly string[] Settings =
    [
        $"--Webhooks:Bootstrap:ApiKey={ApiKey}",
        "--Webhooks:Delivery:AllowHttp=true",
        "--Webhooks:Delivery:AllowPrivateNetworks=true",
        $"--Webhooks:Delivery:MaxConcurrency={MaxConcurrency}",
        $"--Webhooks:Delivery:MaxUnrecorded={MaxUnrecorded}",
        $"--Webhooks:Delivery:MaxConcurrencyPerEndpoint={MaxConcurrency}",
        "--Webhooks:Delivery:RetrySchedule:0=00:00:00.100",
        "--Webhooks:Delivery:RetrySchedule:1=00:00:00.100",
        "--Webhooks:Delivery:RetrySchedule:2=00:00:00.100",
        "--Webhooks:Delivery:RetryJitter=0",
        "--Webhooks:Delivery:RecoverPerSecond=200",
        // One line per delivery would make the child's output the bottleneck.
        "--Logging:LogLevel:Webhooks=Warning",
    ];

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Dispatcher_DeliversEveryEventAtLeastOnce_WhenKilledMidDispatch(DatabaseProvider provider)
    {
        var total = Events;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Sends are held while events are being published (at most 3 s each, within the 5 s endpoint timeout), so the
        // kill lands mid-dispatch rather than mid-publish.
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = Task.WhenAny(gate.Task, Task.Delay(TimeSpan.FromSeconds(3))) });
        var settings = await SettingsAsync(provider);
        var first = await ConsoleProcess.StartAsync(null, settings);
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
        await using var second = await ConsoleProcess.StartAsync(dataDirectory, settings);
        var again = new WebhooksApiDriver(second.Client(ApiKey));
        // Default lease settings: what the dead process had leased is resumed at once on restart (on PostgreSQL once
        // its heartbeat is older than ServerTimeout, 6 s), well before its leases (2 min) would have run out;
        // waiting for them to run out would fail this wait.
        await again.WaitForAllSucceededAsync(endpointId, total, new DeliveryOptions().LeaseDuration);
        var drain = clock.Elapsed;

        var requests = receiver.Requests;
        var (missing, duplicates, resent) = Tally(requests, published);
        output.WriteLine($"crash ({provider}): {total} deliveries, killed after {seenAtKill} arrived, {duplicates} duplicates seen by the receiver ({resent} attempts resent after the kill, bound {Unrecorded}), drained {drain.TotalSeconds:0.0} s after restart");
        Assert.Empty(missing);
        Assert.InRange(resent, 0, Unrecorded);
    }

    /// <summary>The suite's settings on <paramref name="provider"/>: on PostgreSQL a fresh database of the run's cluster, kept across the restart.</summary>
    private static async Task<string[]> SettingsAsync(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? [.. Settings, .. ConsoleProcess.PostgreSqlArguments(await (await PostgresCluster.Shared).CreateDatabaseAsync())]
        : Settings;

    /// <summary>
    /// Event ids never received; requests beyond one per event; and attempts sent twice under the same number,
    /// which happens only when a send was in flight at the kill and never recorded (retries after a slow answer
    /// are duplicates a receiver sees too, but with a new attempt number).
    /// </summary>
    internal static (List<string> Missing, int Duplicates, int Resent) Tally(IReadOnlyList<ReceivedRequest> requests, IReadOnlyList<string> published)
    {
        var seen = requests.Select(r => r.Header("X-Webhook-ID")).ToHashSet();
        var resent = requests.Count - requests.Select(r => (r.Header("X-Webhook-Delivery"), r.Header("X-Webhook-Attempt"))).Distinct().Count();
        return (published.Where(id => !seen.Contains(id)).ToList(), requests.Count - seen.Count, resent);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RecoverJob_ResumesWithoutResendingWhatItHandedBack_WhenKilledMidJob(DatabaseProvider provider)
    {
        var total = Math.Max(200, Events / 4);
        const int perSecond = 50; // the job spans total / 50 seconds: the kill lands with most of it still to do
        var failing = true;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => Volatile.Read(ref failing) ? new ReceiverResponse(500) : ReceiverResponse.Ok);
        string[] settings = [.. await SettingsAsync(provider), $"--Webhooks:Delivery:RecoverPerSecond={perSecond}"];
        var first = await ConsoleProcess.StartAsync(null, settings);
        var dataDirectory = first.DataDirectory;
        string endpointId, jobId;
        IReadOnlyList<string> published;
        int failedRequests, doneAtKill;
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
            var job = await api.StartRecoverAsync(endpointId, since);
            jobId = job.GetProperty("id").GetString()!;
            Assert.Equal(total, job.GetProperty("total").GetInt32());
            var under = await Eventually.WaitAsync(() => api.JobAsync(jobId), j => j.GetProperty("done").GetInt32() >= perSecond, "the first chunks handed back", TimeSpan.FromSeconds(30));
            await receiver.WaitForRequestsAsync(failedRequests + 20, TimeSpan.FromSeconds(30));
            first.Kill();
            doneAtKill = under.GetProperty("done").GetInt32();
        }
        var seenAtKill = receiver.Requests.Count;
        Assert.InRange(doneAtKill, perSecond, total - perSecond);

        await using var second = await ConsoleProcess.StartAsync(dataDirectory, settings);
        var again = new WebhooksApiDriver(second.Client(ApiKey));
        // The job the dead console was running is enqueued again at start and continues with what it had not handed back.
        var ended = await Eventually.WaitAsync(() => again.JobAsync(jobId), j => j.GetProperty("state").GetString() is "succeeded" or "failed", "the Recover job ended", TimeSpan.FromSeconds(60 + total / perSecond));
        Assert.Equal(("succeeded", total), (ended.GetProperty("state").GetString(), ended.GetProperty("done").GetInt32()));
        await again.WaitForAllSucceededAsync(endpointId, total, TimeSpan.FromSeconds(60));
        // Pressed again after the crash: nothing is left to re-queue.
        Assert.Equal(0, await again.RecoverAsync(endpointId, DateTime.UtcNow.AddHours(-1)));

        var replayed = receiver.Requests.Skip(failedRequests).ToList();
        var (missing, duplicates, resent) = Tally(replayed, published);
        var sentAnew = SentAgainAsNewAttempts(replayed, seenAtKill - failedRequests);
        output.WriteLine($"recover job crash ({provider}): {total} deliveries at {perSecond}/s, killed with {doneAtKill} handed back and {seenAtKill - failedRequests} replayed, {duplicates} duplicates ({resent} resent after the kill, bound {Unrecorded}), {sentAnew.Count} sent again as new attempts");
        Assert.Empty(missing);
        Assert.InRange(resent, 0, Unrecorded);
        Assert.Empty(sentAnew);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RetrySelectedJob_SettlesEveryDeliveryOnce_WhenKilledMidJob(DatabaseProvider provider)
    {
        const int total = 60;
        const int beforeKill = 10;
        var failing = true;
        var holdFrom = int.MaxValue;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Failing first (the deliveries end Failed); then the batch's attempts go through until the
        // (beforeKill + 1)th, which is held: the job sends one endpoint's deliveries one at a time, so the kill lands mid-batch.
        await using var receiver = await LoopbackReceiver.StartAsync(r =>
            Volatile.Read(ref failing) ? new ReceiverResponse(500) : r.Index >= Volatile.Read(ref holdFrom) ? new ReceiverResponse { Hold = release.Task } : ReceiverResponse.Ok);
        string[] settings = [.. await SettingsAsync(provider), "--Webhooks:Delivery:DisableAfterConsecutiveFailures=1000"];
        var first = await ConsoleProcess.StartAsync(null, settings);
        var dataDirectory = first.DataDirectory;
        string endpointId, jobId;
        IReadOnlyList<string> published;
        int failedRequests;
        await using (first)
        {
            var api = new WebhooksApiDriver(first.Client(ApiKey));
            endpointId = await api.CreateEndpointAsync(receiver.Url, extra: new Dictionary<string, object?> { ["retryEnabled"] = false });
            published = await api.PublishManyAsync(total);
            await Eventually.WaitAsync(() => api.StatsAsync(endpointId), s => s.GetProperty("failed").GetInt32() == total, "every delivery Failed", TimeSpan.FromSeconds(60));
            var logs = await api.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/webhooks/{endpointId}/logs?status=failed&limit={total}");
            var ids = logs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            failedRequests = receiver.Requests.Count;
            Volatile.Write(ref holdFrom, failedRequests + beforeKill);
            Volatile.Write(ref failing, false);

            var response = await api.Client.PostAsJsonAsync("/api/v1/deliveries/retry", new { ids });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            jobId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
            await receiver.WaitForRequestsAsync(failedRequests + beforeKill + 1, TimeSpan.FromSeconds(30));
            first.Kill();
        }
        release.SetResult();

        await using var second = await ConsoleProcess.StartAsync(dataDirectory, settings);
        var again = new WebhooksApiDriver(second.Client(ApiKey));
        var ended = await Eventually.WaitAsync(() => again.JobAsync(jobId), j => j.GetProperty("state").GetString() is "succeeded" or "failed", "the Retry selected job ended", TimeSpan.FromSeconds(60));
        Assert.Equal(("succeeded", total), (ended.GetProperty("state").GetString(), ended.GetProperty("done").GetInt32()));
        await again.WaitForAllSucceededAsync(endpointId, total, TimeSpan.FromSeconds(60));

        // The one attempt in flight at the kill is sent again (same attempt number); nothing else is.
        var retried = receiver.Requests.Skip(failedRequests).ToList();
        var (missing, duplicates, resent) = Tally(retried, published);
        output.WriteLine($"retry selected crash ({provider}): {total} deliveries, killed after {beforeKill + 1} sent, {duplicates} duplicates ({resent} resent after the kill, bound 1)");
        Assert.Empty(missing);
        Assert.InRange(duplicates, 0, 1);
        Assert.InRange(resent, duplicates, 1);
    }

    /// <summary>
    /// Deliveries received again after the kill under an attempt number they had not been received
    /// with before it: a re-queue of what was already handed back (and answered), which the resumed job must never do.
    /// </summary>
    private static List<string> SentAgainAsNewAttempts(IReadOnlyList<ReceivedRequest> requests, int beforeKill)
    {
        var before = requests.Take(beforeKill).GroupBy(r => r.Header("X-Webhook-Delivery")!).ToDictionary(g => g.Key, g => g.Select(r => r.Header("X-Webhook-Attempt")).ToHashSet());
        return [.. requests.Skip(beforeKill)
            .Where(r => before.TryGetValue(r.Header("X-Webhook-Delivery")!, out var attempts) && !attempts.Contains(r.Header("X-Webhook-Attempt")))
            .Select(r => r.Header("X-Webhook-Delivery")!)];
    }
}

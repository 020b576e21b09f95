using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;

namespace Webhooks.Console.Bench;

/// <summary>
/// The bare ceiling: the same signed bodies posted to the same receiver by a plain HttpClient loop,
/// no database, no scheduling, from as many connections as asked (the dispatcher's 64, or what it may
/// open to the endpoints of the run: the fair ceiling). Whatever the dispatcher reaches is read against this figure, since
/// on one machine the receiver and the sender share the cores.
/// </summary>
public static class CeilingRun
{
    /// <param name="PerSec">Requests per second over the run's deliveries as posts, after the warm-up.</param>
    /// <param name="CpuMsPerPost">The process's CPU (all cores, the receiver's share included) per post after the warm-up.</param>
    /// <param name="WarmUpRounds">Rounds of posts the warm-up took.</param>
    /// <param name="WarmUpSeconds">How long the warm-up took.</param>
    /// <param name="LastRoundPerSec">The warm-up's last round, in posts per second: near <paramref name="PerSec"/> when it ended warm.</param>
    /// <param name="Work">Memory allocated and thread-pool items per post after the warm-up (<see cref="WorkCounters"/>).</param>
    public sealed record Figures(double PerSec, double CpuMsPerPost, int WarmUpRounds, double WarmUpSeconds, double LastRoundPerSec, string Work);

    /// <returns>The rate from <paramref name="concurrency"/> connections, after a warm-up of at least <see cref="BenchOptions.CeilingWarmUpSeconds"/> that ends once the JIT is quiet.</returns>
    /// <exception cref="BenchTimeoutException">The posts took longer than the phase may.</exception>
    public static async Task<Figures> RunAsync(BenchReceiver receiver, BenchOptions options, int concurrency, CancellationToken ct)
    {
        var secret = EndpointSecret.Generate();
        var url = receiver.Register(secret);
        var body = WebhookPayload.Serialize(new Event
        {
            Id = "evt_ceiling",
            Type = BenchPayload.LoadType,
            Data = BenchPayload.Data(options.PayloadBytes).GetRawText(),
            OccurredAt = DateTime.UtcNow,
        });
        using var client = new HttpClient(new SocketsHttpHandler
        {
            // As the dispatcher's handler: no proxy, no redirects, no per-server connection cap (the
            // loops are the cap). The phase's limit bounds every post, not HttpClient's 100 s.
            UseProxy = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
        }) { Timeout = Timeout.InfiniteTimeSpan };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // CancelAfter fires on the timer thread even for zero, after a few posts may have been answered:
        // a phase with no time at all must end before its first post, every time.
        if (options.PhaseTimeout <= TimeSpan.Zero)
            await limit.CancelAsync();
        else
            limit.CancelAfter(options.PhaseTimeout);
        var answered = new StrongBox<int>();
        var warmUp = Math.Min(2_000, Math.Max(1, options.Deliveries / 10));
        try
        {
            // The JIT going quiet is not enough: the runtime keeps running the hot path as instrumented
            // code (tiered PGO) for seconds after, and the posts went 15,000/s for ~3 s, then 29,500
            // (64 connections, rounds of 10,000). Timed from the JIT's quiet alone, 100,000 posts
            // averaged the climb: 15,900–24,400/s, a ceiling a quarter to a half too low.
            var (rounds, warmedFor, lastRound) = await JitActivity.WarmUpAsync(
                () => PostManyAsync(client, url, secret, body, warmUp, concurrency, answered, limit.Token), options.CeilingWarmUpSeconds);
            var started = Stopwatch.GetTimestamp();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var counters = WorkCounters.Now();
            await PostManyAsync(client, url, secret, body, options.Deliveries, concurrency, answered, limit.Token);
            var perSec = options.Deliveries / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var work = counters.PerItemSince(options.Deliveries, "post");
            return new Figures(perSec, DispatchRun.CpuMsSince(ref cpu) / options.Deliveries, rounds, warmedFor.TotalSeconds, warmUp / lastRound.TotalSeconds, work);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new BenchTimeoutException($"ceiling ({concurrency} connections)", options.PhaseTimeout,
                $"{Volatile.Read(ref answered.Value)} of {warmUp + options.Deliveries} posts answered (warm-up included)");
        }
    }

    /// <summary><paramref name="count"/> posts from <paramref name="concurrency"/> loops; each answered post counts in <paramref name="answered"/>.</summary>
    private static async Task PostManyAsync(HttpClient client, Uri url, string secret, byte[] body, int count, int concurrency, StrongBox<int> answered, CancellationToken ct)
    {
        var next = -1;
        var loops = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                await PostAsync(client, url, secret, body, n, ct);
                Interlocked.Increment(ref answered.Value);
            }
        }, ct));
        await Task.WhenAll(loops);
    }

    private static async Task PostAsync(HttpClient client, Uri url, string secret, byte[] body, int n, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", WebhookRequestFactory.UserAgent);
        message.Headers.TryAddWithoutValidation("X-Webhook-Event", BenchPayload.LoadType);
        // The headers of the dispatcher's requests, every one: the receiver parses each of them.
        message.Headers.TryAddWithoutValidation("X-Webhook-ID", "evt_ceiling_" + n.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("X-Webhook-Delivery", "dlv_ceiling_" + n.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation("X-Webhook-Attempt", "1");
        message.Headers.TryAddWithoutValidation("X-Webhook-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        // Signed per request, as the dispatcher signs per attempt.
        message.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, "sha256=" + WebhookSigner.HmacSha256Hex(secret, body));
        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;

namespace Webhooks.Console.Bench;

/// <summary>
/// The bare ceiling: the same signed bodies posted to the same receiver by a plain HttpClient loop,
/// no database, no scheduling. Whatever the dispatcher reaches is read against this figure, since
/// on one machine the receiver and the sender share the cores.
/// </summary>
public static class CeilingRun
{
    /// <returns>Requests per second over <paramref name="requests"/> posts (after a short warm-up).</returns>
    public static async Task<double> RunAsync(BenchReceiver receiver, BenchOptions options, int concurrency, CancellationToken ct)
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
            // As the dispatcher's handler: no proxy, no redirects, no per-server connection cap.
            UseProxy = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
        });

        var warmUp = Math.Min(2_000, Math.Max(1, options.Deliveries / 10));
        await PostManyAsync(client, url, secret, body, warmUp, concurrency, options.PhaseTimeout, ct);
        var started = Stopwatch.GetTimestamp();
        var sent = await PostManyAsync(client, url, secret, body, options.Deliveries, concurrency, options.PhaseTimeout, ct);
        return sent / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary><paramref name="count"/> posts from <paramref name="concurrency"/> loops; stops early at <paramref name="limit"/>.</summary>
    private static async Task<int> PostManyAsync(HttpClient client, Uri url, string secret, byte[] body, int count, int concurrency, TimeSpan limit, CancellationToken ct)
    {
        var next = -1;
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count && Stopwatch.GetElapsedTime(started) < limit)
            {
                await PostAsync(client, url, secret, body, n, ct);
                Interlocked.Increment(ref done);
            }
        }, ct));
        await Task.WhenAll(loops);
        return done;
    }

    private static async Task PostAsync(HttpClient client, Uri url, string secret, byte[] body, int n, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", WebhookRequestFactory.UserAgent);
        message.Headers.TryAddWithoutValidation("X-Webhook-Event", BenchPayload.LoadType);
        message.Headers.TryAddWithoutValidation("X-Webhook-ID", "evt_ceiling_" + n.ToString(CultureInfo.InvariantCulture));
        // Signed per request, as the dispatcher signs per attempt.
        message.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, "sha256=" + WebhookSigner.HmacSha256Hex(secret, body));
        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Webhooks.Core.Delivery.Sending;

namespace Webhooks.Console.Bench;

/// <summary>
/// The receiving side of the bench: Kestrel on 127.0.0.1 (never another address), one path per
/// registered secret (<c>/ep/{n}</c>). Every request's <c>X-Webhook-Signature</c> is checked
/// against its path's secret; failures are counted, not refused, so a bad signature shows in the
/// result instead of turning into retries. The first arrival of each (endpoint, event id) is
/// timestamped: that is how latency and <c>lost</c> are measured.
/// </summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    private const string PathPrefix = "/ep/";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private volatile byte[][] _secrets = [];
    private readonly object _gate = new();
    private long _signatureFailures;
    private long _requests;
    private int _distinct;
    private TaskCompletionSource? _reached;
    private int _reachedAt;

    private BenchReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public long SignatureFailures => Interlocked.Read(ref _signatureFailures);
    public long Requests => Interlocked.Read(ref _requests);
    /// <summary>Distinct (endpoint, event) pairs that have arrived since the last <see cref="ClearArrivals"/>.</summary>
    public int Distinct => Volatile.Read(ref _distinct);

    /// <summary>
    /// Completes once <see cref="Distinct"/> reaches <paramref name="count"/>; one wait at a time. The
    /// last arrival completes it: polled every 2 ms instead, the wait took the dictionary's every lock
    /// and woke the timer thread 500 times a second inside the timed part of the dispatch.
    /// </summary>
    public Task DistinctReachedAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reachedAt, count);
        // A full fence, as an arrival's count is: one of the two sees the other.
        Interlocked.Exchange(ref _reached, reached);
        if (Distinct >= count)
            reached.TrySetResult();
        return reached.Task;
    }

    public static async Task<BenchReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // Loopback only: the bench must never open a port other machines can reach.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new BenchReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        return receiver;
    }

    /// <summary>A URL whose requests are verified with <paramref name="secret"/>.</summary>
    public Uri Register(string secret)
    {
        lock (_gate)
        {
            _secrets = [.. _secrets, Encoding.UTF8.GetBytes(secret)];
            return new Uri(BaseUrl, $"ep/{_secrets.Length - 1}");
        }
    }

    /// <summary>When the first request for <paramref name="eventId"/> reached endpoint <paramref name="endpoint"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public bool TryGetArrival(int endpoint, string eventId, out long timestamp) => _arrivals.TryGetValue(Key(endpoint, eventId), out timestamp);

    /// <summary>Forgets every arrival; only between phases, with no request on its way.</summary>
    public void ClearArrivals()
    {
        _arrivals.Clear();
        Volatile.Write(ref _distinct, 0);
    }

    /// <summary>Polls <paramref name="done"/> until it holds or <paramref name="timeout"/> passes; false on timeout.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan timeout, int pollMs = 2)
    {
        var start = Stopwatch.GetTimestamp();
        while (!done())
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
                return false;
            await Task.Delay(pollMs);
        }
        return true;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requests);
        var body = await ReadBodyAsync(context.Request);
        var path = context.Request.Path.Value ?? "";
        var secrets = _secrets;
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal) || !int.TryParse(path.AsSpan(PathPrefix.Length), out var endpoint) || endpoint >= secrets.Length)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!Verify(secrets[endpoint], body, context.Request.Headers[WebhookSigner.SignatureHeader].ToString()))
            Interlocked.Increment(ref _signatureFailures);
        // The wait before its target: a wait's target is written before the wait is published.
        if (_arrivals.TryAdd(Key(endpoint, context.Request.Headers["X-Webhook-ID"].ToString()), arrived)
            && Interlocked.Increment(ref _distinct) is var count && Volatile.Read(ref _reached) is { } reached && count >= Volatile.Read(ref _reachedAt))
            reached.TrySetResult();
    }

    /// <summary>GitHub's check: <c>sha256=</c> and the lowercase hex HMAC of the raw body, compared in constant time.</summary>
    private static bool Verify(byte[] secret, byte[] body, string header)
    {
        const string prefix = "sha256=";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        var expected = Convert.ToHexString(HMACSHA256.HashData(secret, body)).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(header[prefix.Length..]));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and < 1 << 20 ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static string Key(int endpoint, string eventId) => $"{endpoint}/{eventId}";

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Webhooks.Tests.Support;

/// <summary>
/// A real Kestrel receiver on loopback (127.0.0.1, and [::1] when asked), port chosen by the OS.
/// Answers each request with <c>respond</c>, records it, counts accepted TCP connections, and lets
/// a test await "N requests arrived" without sleeping. A handler that fails for any reason but the
/// sender hanging up answers 500, is listed in <see cref="Failures"/>, and fails the test when the
/// receiver is disposed: a broken receiver must not pass for a receiver that refused.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<ReceivedRequest, ReceiverResponse> _respond;
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly List<Exception> _failures = [];
    private int _connections;

    private LoopbackReceiver(WebApplication app, Func<ReceivedRequest, ReceiverResponse> respond)
    {
        _app = app;
        _respond = respond;
    }

    /// <summary>http://127.0.0.1:{port}/</summary>
    public Uri Url { get; private set; } = null!;
    /// <summary>http://[::1]:{port}/ when started with IPv6.</summary>
    public Uri? UrlV6 { get; private set; }
    public int Port => Url.Port;
    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    /// <summary>Exceptions the handler (the test's <c>respond</c> or <c>Write</c>) threw, other than hang-ups.</summary>
    public IReadOnlyList<Exception> Failures
    {
        get { lock (_failures) return _failures.ToList(); }
    }

    /// <param name="respond">Called per request (0-based <see cref="ReceivedRequest.Index"/>); default 200.</param>
    public static async Task<LoopbackReceiver> StartAsync(Func<ReceivedRequest, ReceiverResponse>? respond = null, bool ipv6 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        LoopbackReceiver? receiver = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            void Count(ListenOptions listen) => listen.Use(next => async context =>
            {
                Interlocked.Increment(ref receiver!._connections);
                await next(context);
            });
            k.Listen(IPAddress.Loopback, 0, Count);
            if (ipv6)
                k.Listen(IPAddress.IPv6Loopback, 0, Count);
        });
        var app = builder.Build();
        receiver = new LoopbackReceiver(app, respond ?? (_ => ReceiverResponse.Ok));
        app.Run(receiver.HandleOrRecordAsync);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        receiver.Url = new Uri($"http://127.0.0.1:{addresses.First(a => a.Host == "127.0.0.1").Port}/");
        if (ipv6)
            receiver.UrlV6 = new Uri($"http://[::1]:{addresses.First(a => a.Host == "[::1]").Port}/");
        return receiver;
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived; fails after the timeout.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_requests)
        {
            if (_requests.Count >= count)
                return _requests.ToList();
            _waiters.Add((count, done));
        }
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        if (await Task.WhenAny(done.Task, Task.Delay(limit)) != done.Task)
            throw new TimeoutException($"Expected {count} requests within {limit.TotalSeconds} s, got {Requests.Count}.");
        return Requests;
    }

    private async Task HandleOrRecordAsync(HttpContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception ex) when (!IsHangUp(ex, context))
        {
            lock (_failures)
                _failures.Add(ex);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("receiver handler failed: " + ex.Message);
            }
            else
            {
                context.Abort();
            }
        }
    }

    /// <summary>
    /// The sender hung up (what hostile-receiver tests provoke): an I/O error is the socket's own, and a
    /// cancellation counts only once the connection is gone (a test's own cancelled task is a failure).
    /// </summary>
    private static bool IsHangUp(Exception ex, HttpContext context) =>
        ex is IOException || (context.RequestAborted.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        ReceivedRequest request;
        lock (_requests)
        {
            request = new ReceivedRequest(
                _requests.Count,
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray(),
                DateTime.UtcNow,
                System.Diagnostics.Stopwatch.GetTimestamp())
            {
                RemotePort = context.Connection.RemotePort,
                ConnectionId = context.Connection.Id,
            };
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        var response = _respond(request);
        try
        {
            if (response.Delay > TimeSpan.Zero)
                await Task.Delay(response.Delay, context.RequestAborted);
            if (response.Hold is { } hold)
                await hold.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the sender gave up, as intended
        }
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        if (response.Body is not null)
            await context.Response.WriteAsync(response.Body);
        if (response.Write is { } write)
            await write(context.Response, context.RequestAborted); // a hostile body: the sender may hang up half way
    }

    /// <summary>Stops the receiver; throws when its handler failed, so the test that used it fails too.</summary>
    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        if (Failures is { Count: > 0 } failures)
            throw new AggregateException($"The loopback receiver on {Url} failed in its handler {failures.Count} time(s).", failures);
    }
}

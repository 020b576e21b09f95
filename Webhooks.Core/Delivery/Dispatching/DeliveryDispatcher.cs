using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The loop that works the queue: read due deliveries (up to the free global slots), lease those
/// the per-endpoint limits let start plus a few ahead per endpoint, hand each to the processor on
/// its own task, and sleep until the next due time, a wake-up from publish, retry or a finished
/// send, or the poll interval, whichever is first.
/// </summary>
public sealed class DeliveryDispatcher(
    DeliveryStore store,
    DeliveryProcessor processor,
    EndpointRateGate rateGate,
    DispatcherSignal signal,
    DispatcherInstance instance,
    DeliveryNotifier notifier,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    private readonly EndpointConcurrency _perEndpoint = new(options.Value.MaxConcurrencyPerEndpoint);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly LeasedAhead _ahead = new(options.Value.MaxConcurrencyPerEndpoint, options.Value.LeaseDuration / 2);
    // Set when work was left behind for lack of a slot: only then does a finished send wake the loop.
    private volatile bool _starved;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Delivery dispatcher {Instance} started", instance.Id);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await ClaimAndStartAsync(stoppingToken))
                    await IdleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be busy or briefly gone; nothing is lost, the rows wait.
                logger.LogError(ex, "Delivery dispatcher loop failed; retrying shortly");
                await signal.WaitAsync(_options.MaxPollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        // Sends in flight were cancelled by the same token; wait while they hand their leases back.
        await Task.WhenAll(_inFlight.Keys);
        foreach (var id in _ahead.Drain())
            await TryReleaseAsync(id);
    }

    /// <summary>One claim round; true when the loop should go straight on (slots filled, more may be due), false to idle.</summary>
    private async Task<bool> ClaimAndStartAsync(CancellationToken ct)
    {
        var free = _slots.CurrentCount;
        var saturated = _perEndpoint.Saturated();
        // Under load, claim only once a quarter of the slots are free: a claim per finished send
        // would spend the database's one write lock on claims of one row each.
        var worthClaiming = free == _options.MaxConcurrency ? 1 : Math.Max(1, Math.Min(_options.BatchSize, _options.MaxConcurrency / 4));
        _starved = free < worthClaiming || saturated.Count > 0;
        if (free < worthClaiming)
        {
            // Too few slots free: a finishing send wakes us (we are starved), the poll is a backstop.
            await signal.WaitAsync(_options.MaxPollInterval, ct);
            return true;
        }

        var wanted = Math.Min(free, _options.BatchSize);
        var now = time.GetUtcNow().UtcDateTime;
        await StartAheadAsync(now, ct);
        var due = await store.DueAsync(now, wanted, saturated.Concat(_ahead.Full()).Distinct().ToList(), ct);
        if (due.Count == 0)
            return false;

        // Lease what may start now, and up to a per-endpoint limit more to start from memory as
        // that endpoint's sends finish. The rest stays in the queue untouched.
        var chosen = new List<ClaimedDelivery>();
        var ahead = new List<ClaimedDelivery>();
        foreach (var d in due)
        {
            if (_perEndpoint.TryEnter(d.EndpointId))
                chosen.Add(d);
            else if (_ahead.Room(d.EndpointId) > ahead.Count(a => a.EndpointId == d.EndpointId))
                ahead.Add(d);
            else
                _starved = true;
        }
        IReadOnlyList<ClaimedDelivery> accepted;
        try
        {
            accepted = await store.ClaimAsync(instance.Id, now, chosen.Concat(ahead).Select(c => c.Id).ToList(), ct);
        }
        catch
        {
            foreach (var c in chosen)
                _perEndpoint.Exit(c.EndpointId);
            throw;
        }
        var leased = accepted.Select(a => a.Id).ToHashSet();
        foreach (var c in chosen.Where(c => !leased.Contains(c.Id)))
            _perEndpoint.Exit(c.EndpointId); // another dispatcher leased it between the read and the claim

        var loaded = accepted.Count == 0 ? [] : await store.LoadAsync(accepted.Select(a => a.Id).ToList(), ct);
        var byId = loaded.ToDictionary(d => d.Id);
        var startNow = chosen.Select(c => c.Id).ToHashSet();
        foreach (var c in accepted)
        {
            var usable = byId.TryGetValue(c.Id, out var delivery) && delivery.Event is not null && delivery.Endpoint is not null;
            if (!startNow.Contains(c.Id))
            {
                if (usable)
                    _ahead.Add(delivery!, now);
                continue;
            }
            if (!usable)
            {
                _perEndpoint.Exit(c.EndpointId); // deleted between claim and load
                continue;
            }
            await _slots.WaitAsync(ct);
            Start(delivery!, ct);
        }
        if (_ahead.Count > 0)
            _starved = true;
        return due.Count == wanted;
    }

    /// <summary>Starts deliveries leased ahead whose endpoints have a slot again (their sends ended while no slot was free).</summary>
    private async Task StartAheadAsync(DateTime now, CancellationToken ct)
    {
        foreach (var endpointId in _ahead.Endpoints())
        {
            while (_slots.CurrentCount > 0 && _perEndpoint.TryEnter(endpointId))
            {
                if (TakeAhead(endpointId, now) is not { } next)
                {
                    _perEndpoint.Exit(endpointId);
                    break;
                }
                await _slots.WaitAsync(ct);
                Start(next, ct);
            }
        }
    }

    private DeliveryEntity? TakeAhead(string endpointId, DateTime now)
    {
        var stale = new List<string>();
        var next = _ahead.Take(endpointId, now, stale);
        foreach (var id in stale)
            _ = TryReleaseAsync(id);
        return next;
    }

    /// <summary>Runs one delivery on its own task; the caller holds a global and a per-endpoint slot for it.</summary>
    private void Start(DeliveryEntity delivery, CancellationToken ct)
    {
        var task = Task.Run(() => RunAsync(delivery, ct), CancellationToken.None);
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>
    /// After a send's HTTP exchange: hands its endpoint slot straight to a delivery leased ahead for
    /// the same endpoint, if a global slot is free at once. False when nothing was started.
    /// </summary>
    private bool TryStartNextFor(string endpointId, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || !_slots.Wait(0))
            return false;
        if (TakeAhead(endpointId, time.GetUtcNow().UtcDateTime) is not { } next)
        {
            _slots.Release();
            return false;
        }
        Start(next, ct);
        return true;
    }

    private async Task RunAsync(DeliveryEntity delivery, CancellationToken ct)
    {
        // The per-endpoint limit counts HTTP requests in flight, so it is given back as soon as the
        // response is in, not after the settle: settles are committed in batches, and waiting for
        // them held one endpoint to 8 sends per batch commit. The global slot is kept until the
        // settle, so sent-but-unsettled work stays bounded by MaxConcurrency.
        var endpointHeld = 1;
        void ExitEndpoint()
        {
            if (Interlocked.Exchange(ref endpointHeld, 0) == 1 && !TryStartNextFor(delivery.EndpointId, ct))
            {
                _perEndpoint.Exit(delivery.EndpointId);
                if (_starved)
                    signal.Wake();
            }
        }
        try
        {
            if (!delivery.Endpoint!.IsEnabled && !delivery.IsTest)
            {
                await store.SkipAsync(instance.Id, delivery.Id, ct);
                notifier.Notify();
                return;
            }
            if (delivery.Endpoint.RateLimitPerSecond is > 0 and var rate
                && rateGate.Reserve(delivery.EndpointId, delivery.Id, rate, time.GetUtcNow().UtcDateTime) is { } slot)
            {
                await store.ReleaseAsync(instance.Id, [delivery.Id], slot, ct);
                return;
            }
            await processor.DeliverAsync(delivery, ct, ExitEndpoint);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping mid-send: hand the lease back so the next start sends it without waiting for expiry.
            await TryReleaseAsync(delivery.Id);
        }
        catch (Exception ex)
        {
            // Most likely the settle's write failed. The lease will expire and the delivery be sent
            // again: at least once, never lost.
            logger.LogError(ex, "Delivery {DeliveryId} could not be processed; it will be retried when its lease expires", delivery.Id);
        }
        finally
        {
            ExitEndpoint();
            _slots.Release();
            if (_starved)
                signal.Wake();
        }
    }

    private async Task IdleAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var next = await store.NextDueAsync(now, _perEndpoint.Saturated(), ct);
        var wait = _options.MaxPollInterval;
        if (next is { } due && due - now < wait)
            wait = due <= now ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling((due - now).TotalMilliseconds));
        if (wait > TimeSpan.Zero)
            await signal.WaitAsync(wait, ct);
    }

    private async Task TryReleaseAsync(string deliveryId)
    {
        try
        {
            await store.ReleaseAsync(instance.Id, [deliveryId], null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not release delivery {DeliveryId} on shutdown; its lease will expire", deliveryId);
        }
    }
}

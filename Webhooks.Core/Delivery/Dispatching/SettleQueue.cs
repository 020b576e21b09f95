using Microsoft.Extensions.Logging;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The settles of concurrent sends, committed together (<see cref="GroupCommit{TRequest,TResult}"/>):
/// sends finish in parallel, SQLite takes one writer, and a transaction per settle made the sends
/// wait on each other's commits. Under load a batch gathers for up to <see cref="Gather"/>: with one
/// endpoint's eight requests in flight, settles came ~22 to a batch and cost 42–45 µs of CPU each;
/// gathered, ~100 to a batch at 28–29 µs (bench, 1 endpoint). Each commit also writes pages every
/// batch touches (the database header, index and interior pages, the tail of the attempts) to the
/// log, and SQLite copies them into the database later: gathering up to 160 for up to 6 ms instead of
/// 64 for 3 ms took file writes from 1.7 to 1.3 a delivery at one endpoint and from 2.0 to 1.0–1.5 at
/// 64 (bench, counted with <c>perf stat</c>). A settle is not on the way from publish to the receiver,
/// its sends have already given their request slots back, and what is sent but not yet recorded
/// stays bounded by the places (<see cref="DeliveryOptions.MaxUnrecorded"/>).
/// What a send does after its settle (log, metrics, give its place back, start one delivery waiting
/// ahead) runs on the commit loop as each batch ends: as a thread-pool item per settle it was 1.4 of
/// the 3.2 items each delivery cost the pool (bench, 1 endpoint).
/// </summary>
public sealed class SettleQueue(DeliveryStore store, ILogger<SettleQueue> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>The longest a busy batch waits for <see cref="GatherCount"/> settles.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(6);

    /// <summary>Settles enough for a batch to go without waiting longer: at ~20,000 deliveries a second, a little more than <see cref="Gather"/> brings.</summary>
    public const int GatherCount = 160;

    // Settles run to the end even while the process stops: the requests went out.
    private readonly GroupCommit<SettleRequest, SettleResult> _commit = new(batch => store.SettleBatchAsync(batch, CancellationToken.None), logger, Gather, GatherCount, resumeCallersHere: true);

    /// <summary>Completes once the attempt is committed; fails only if its own settle failed.</summary>
    public Task<SettleResult> SettleAsync(SettleRequest request) => _commit.SubmitAsync(request);

    public ValueTask DisposeAsync() => _commit.DisposeAsync();

    public void Dispose() => _commit.Dispose();
}

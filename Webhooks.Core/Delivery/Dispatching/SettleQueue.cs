using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
/// 64 for 3 ms took the file writes from 2.05 to 1.48 a delivery at 64 endpoints and from 1.56 to
/// 1.26 at eight (bench). A settle is not on the way from publish to the receiver, and its sends have
/// already given their request slots back; but each holds a place until its record
/// (<see cref="DeliveryOptions.MaxUnrecorded"/>), so a batch gathers at most half of those: with
/// 160 gathering against 256 places the sends at 64 endpoints waited for places, and were started
/// from this loop as batches ended (thread-pool items 1.20 → 1.31 a delivery).
/// What a send does after its settle (log, metrics, give its place back, start one delivery waiting
/// ahead) runs on the commit loop as each batch ends: as a thread-pool item per settle it was 1.4 of
/// the 3.2 items each delivery cost the pool (bench, 1 endpoint).
/// </summary>
public sealed class SettleQueue(DeliveryStore store, IOptions<DeliveryOptions> options, ILogger<SettleQueue> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>The longest a busy batch waits for <see cref="GatherCount"/> settles.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(6);

    /// <summary>Most settles a batch waits for: at ~20,000 deliveries a second, a little more than <see cref="Gather"/> brings.</summary>
    public const int MaxGatherCount = 160;

    /// <summary>Settles enough for a batch to go without waiting longer: <see cref="MaxGatherCount"/>, or half of <see cref="DeliveryOptions.MaxUnrecorded"/> if that is fewer.</summary>
    public static int GatherCount(DeliveryOptions options) => Math.Clamp(options.MaxUnrecorded / 2, 1, MaxGatherCount);

    // Settles run to the end even while the process stops: the requests went out.
    private readonly GroupCommit<SettleRequest, SettleResult> _commit = new(batch => store.SettleBatchAsync(batch, CancellationToken.None), logger, Gather, GatherCount(options.Value), resumeCallersHere: true);

    /// <summary>Completes once the attempt is committed; fails only if its own settle failed.</summary>
    public Task<SettleResult> SettleAsync(SettleRequest request) => _commit.SubmitAsync(request);

    public ValueTask DisposeAsync() => _commit.DisposeAsync();

    public void Dispose() => _commit.Dispose();
}

using Microsoft.Extensions.Logging;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The settles of concurrent sends, committed together (<see cref="GroupCommit{TRequest,TResult}"/>):
/// sends finish in parallel, SQLite takes one writer, and a transaction per settle made the sends
/// wait on each other's commits.
/// </summary>
public sealed class SettleQueue(DeliveryStore store, ILogger<SettleQueue> logger) : IAsyncDisposable, IDisposable
{
    // Settles run to the end even while the process stops: the requests went out.
    private readonly GroupCommit<SettleRequest, SettleResult> _commit = new(batch => store.SettleBatchAsync(batch, CancellationToken.None), logger);

    /// <summary>Completes once the attempt is committed; fails only if its own settle failed.</summary>
    public Task<SettleResult> SettleAsync(SettleRequest request) => _commit.SubmitAsync(request);

    public ValueTask DisposeAsync() => _commit.DisposeAsync();

    public void Dispose() => _commit.Dispose();
}

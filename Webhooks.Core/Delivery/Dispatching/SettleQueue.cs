using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Groups the settles of concurrent sends into one transaction each (group commit). Sends finish
/// in parallel, but SQLite has one writer: settling each in its own transaction made them queue on
/// the database lock, and SQLite's busy handler sleeps while it waits. Here one writer loop takes
/// whatever has queued up while the previous batch was being written, so a quiet system settles
/// at once and a busy one in ever larger batches. Nothing waits on a timer.
/// </summary>
public sealed class SettleQueue : IAsyncDisposable, IDisposable
{
    /// <summary>Most settles in one transaction, so one batch never holds the write lock for long.</summary>
    public const int MaxBatch = 256;

    private readonly DeliveryStore _store;
    private readonly ILogger<SettleQueue> _logger;
    private readonly Channel<(SettleRequest Request, TaskCompletionSource<SettleResult> Done)> _queue =
        Channel.CreateUnbounded<(SettleRequest, TaskCompletionSource<SettleResult>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SettleQueue(DeliveryStore store, ILogger<SettleQueue> logger)
    {
        _store = store;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Completes once the attempt is committed; fails only if its own settle failed.</summary>
    public Task<SettleResult> SettleAsync(SettleRequest request)
    {
        var done = new TaskCompletionSource<SettleResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((request, done)))
            done.SetException(new ObjectDisposedException(nameof(SettleQueue)));
        return done.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<(SettleRequest Request, TaskCompletionSource<SettleResult> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                // Settles run to the end even while the process stops: the requests went out.
                var results = await _store.SettleBatchAsync(batch.Select(b => b.Request).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "A batch of {Count} settles failed; settling them one by one", batch.Count);
                await SettleOneByOneAsync(batch);
            }
        }
    }

    /// <summary>After a failed batch, so that one bad settle fails only its own send.</summary>
    private async Task SettleOneByOneAsync(List<(SettleRequest Request, TaskCompletionSource<SettleResult> Done)> batch)
    {
        foreach (var (request, done) in batch)
        {
            try
            {
                done.TrySetResult((await _store.SettleBatchAsync([request], CancellationToken.None))[0]);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
    }

    /// <summary>Settles what is queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    /// <summary>For hosts disposed synchronously; waits a bounded time for the queue to drain.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
    }
}

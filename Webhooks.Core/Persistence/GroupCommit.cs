using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Webhooks.Core.Persistence;

/// <summary>
/// Group commit: requests from many concurrent callers are written by one loop, each batch in one
/// transaction. SQLite has one writer; a transaction per request made callers queue on the write
/// lock (or the <see cref="WriteGate"/>) one commit at a time. Here the loop takes whatever queued
/// up while the previous batch was being written, so a quiet system writes at once and a busy one
/// in ever larger batches. Nothing waits on a timer. If a batch fails, its requests are written one
/// by one, so a bad request (a racing unique key) fails only its own caller.
/// </summary>
public sealed class GroupCommit<TRequest, TResult> : IAsyncDisposable, IDisposable
{
    /// <summary>Most requests in one transaction, so one batch never holds the write lock for long.</summary>
    public const int MaxBatch = 256;

    private readonly Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> _write;
    private readonly ILogger _logger;
    private readonly Channel<(TRequest Request, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TRequest, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="write">Writes a batch in one transaction; results in request order. Runs even while the process stops.</param>
    public GroupCommit(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> write, ILogger logger)
    {
        _write = write;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Completes once the request is committed; fails only if its own write failed.</summary>
    public Task<TResult> SubmitAsync(TRequest request)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((request, done)))
            done.SetException(new ObjectDisposedException(GetType().Name));
        return done.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<(TRequest Request, TaskCompletionSource<TResult> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                var results = await _write(batch.Select(b => b.Request).ToList());
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                _logger.LogDebug(ex, "A batch of {Count} writes failed; writing them one by one", batch.Count);
                await WriteOneByOneAsync(batch);
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteOneByOneAsync(List<(TRequest Request, TaskCompletionSource<TResult> Done)> batch)
    {
        foreach (var (request, done) in batch)
        {
            try
            {
                done.TrySetResult((await _write([request]))[0]);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
    }

    /// <summary>Writes what is queued, then stops the loop.</summary>
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

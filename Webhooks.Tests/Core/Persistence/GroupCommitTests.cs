using Microsoft.Extensions.Logging.Abstractions;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The loop with a write that records each batch and can be held open; no database.</summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<int[]> _batches = [];
    private TaskCompletionSource? _hold;

    private async Task<IReadOnlyList<int>> WriteAsync(IReadOnlyList<int> batch)
    {
        lock (_batches)
            _batches.Add([.. batch]);
        if (_hold is { } hold)
            await hold.Task;
        return batch;
    }

    [Fact]
    public async Task SubmitAsync_WritesAtOnce_WhenNothingElseIsQueued()
    {
        await using var commit = new GroupCommit<int, int>(WriteAsync, NullLogger.Instance, gather: Long, gatherCount: 64);

        Assert.Equal(1, await commit.SubmitAsync(1).WaitAsync(Patience));
        Assert.Equal(2, await commit.SubmitAsync(2).WaitAsync(Patience));

        Assert.Equal([[1], [2]], _batches);
    }

    [Fact]
    public async Task SubmitAsync_GathersUntilGatherCountIsQueued_WhenTheLastWriteEndedWithRequestsQueued()
    {
        await using var commit = new GroupCommit<int, int>(WriteAsync, NullLogger.Instance, gather: Long, gatherCount: 3);
        var second = await QueueBehindAWriteAsync(commit);

        Assert.False(second.IsCompleted);
        var rest = new[] { commit.SubmitAsync(3), commit.SubmitAsync(4) };
        await Task.WhenAll(rest.Append(second)).WaitAsync(Patience);

        Assert.Equal([[1], [2, 3, 4]], _batches);
    }

    [Fact]
    public async Task DisposeAsync_WritesWhatIsQueued_WithoutWaitingOutTheGather()
    {
        var commit = new GroupCommit<int, int>(WriteAsync, NullLogger.Instance, gather: Long, gatherCount: 64);
        var second = await QueueBehindAWriteAsync(commit);

        await commit.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(2, await second);
        Assert.Equal([[1], [2]], _batches);
    }

    [Fact]
    public async Task SubmitAsync_ResumesTheCallerBeforeTheNextWrite_WhenResumeCallersHere()
    {
        await using var commit = new GroupCommit<int, int>(WriteAsync, NullLogger.Instance, resumeCallersHere: true);
        var hold = _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writesSeen = WritesOnResumeAsync(commit.SubmitAsync(1));
        await FirstWriteStartedAsync();
        var second = commit.SubmitAsync(2);
        _hold = null;
        hold.SetResult();

        Assert.Equal(1, await writesSeen.WaitAsync(Patience));
        await second.WaitAsync(Patience);
        Assert.Equal([[1], [2]], _batches);
    }

    /// <summary>How many writes had started when the caller of <paramref name="submitted"/> went on.</summary>
    private async Task<int> WritesOnResumeAsync(Task<int> submitted)
    {
        await submitted.ConfigureAwait(false);
        lock (_batches)
            return _batches.Count;
    }

    /// <summary>Writes request 1 while request 2 is submitted, so the write ends with one queued; returns request 2.</summary>
    private async Task<Task<int>> QueueBehindAWriteAsync(GroupCommit<int, int> commit)
    {
        var hold = _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = commit.SubmitAsync(1);
        await FirstWriteStartedAsync();
        var second = commit.SubmitAsync(2);
        _hold = null;
        hold.SetResult();
        await first.WaitAsync(Patience);
        return second;
    }

    private async Task FirstWriteStartedAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            lock (_batches)
                if (_batches.Count == 1)
                    return;
            Assert.True(DateTime.UtcNow < deadline, $"The first write did not start within {Patience}.");
            await Task.Delay(1);
        }
    }
}

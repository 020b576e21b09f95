using Hangfire;
using Hangfire.States;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Jobs a dead console was running. Hangfire.Storage.SQLite hands a fetched job to another worker
/// only after <see cref="JobsOptions.InvisibilityTimeout"/> (30 minutes): far too late for a Retry
/// now someone is watching, or a Recover that should resume. This one process is the only Hangfire
/// server on its storage (SQLite serves one node), so at start every job still Processing under a
/// server that is not this process's was being run by a process that died, and is enqueued again:
/// its jobs run at least once (a Retry now whose request went out but was not recorded is sent
/// again; Retry selected and Recover skip what they recorded as handled).
/// </summary>
public sealed class StrandedJobs(JobStorage storage, IBackgroundJobClient client)
{
    public const string RequeueReason = "Run again: the console that was running it stopped without finishing it";

    /// <summary>Held while stranded jobs are read and requeued, by every console on the storage.</summary>
    public const string LockName = "webhooks:requeue-stranded-jobs";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Requeues the jobs Processing under a server not in <paramref name="ownServerIds"/>; returns their ids.</summary>
    public IReadOnlyList<string> Requeue(IReadOnlyCollection<string> ownServerIds)
    {
        // One reader and requeuer at a time (this console's start and its watch, or two consoles that saw
        // the same one go): Hangfire checks only the state's name, so a second requeue, from a list read
        // before the first, moved the job again once a live server had it Processing, and it ran twice.
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock(LockName, LockTimeout);
        var monitoring = storage.GetMonitoringApi();
        var stranded = monitoring.ProcessingJobs(0, (int)Math.Min(int.MaxValue, monitoring.ProcessingCount()))
            .Where(j => j.Value?.ServerId is not { } server || !ownServerIds.Contains(server))
            .Select(j => j.Key).ToList();
        // From Processing only: a job that ended meanwhile stays ended. The reason shows in the dashboard's history.
        return [.. stranded.Where(id => client.ChangeState(id, new EnqueuedState { Reason = RequeueReason }, ProcessingState.StateName))];
    }
}

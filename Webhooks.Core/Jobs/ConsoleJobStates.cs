using Hangfire;
using Hangfire.States;

namespace Webhooks.Core.Jobs;

/// <summary>A job's state as the console shows it, read from Hangfire's storage (the truth for state).</summary>
public sealed class ConsoleJobStates(JobStorage storage)
{
    /// <param name="jobId">Hangfire's job id.</param>
    /// <param name="allDone">
    /// Whether our rows say every delivery was handled: used only when Hangfire no longer has the
    /// job (it expires finished jobs after a day).
    /// </param>
    public (ConsoleJobState State, DateTime? FinishedAt, string? Error) Read(string jobId, bool allDone)
    {
        var details = storage.GetMonitoringApi().JobDetails(jobId);
        var latest = details?.History?.FirstOrDefault();
        if (latest is null)
            return details is null
                ? (allDone ? ConsoleJobState.Succeeded : ConsoleJobState.Failed, null, allDone ? null : "The job's record in Hangfire has expired.")
                : (ConsoleJobState.Queued, null, null);
        var at = DateTime.SpecifyKind(latest.CreatedAt, DateTimeKind.Utc);
        var state = Map(latest.StateName);
        return state switch
        {
            ConsoleJobState.Failed => (state, at, latest.Data is { } data && data.TryGetValue("ExceptionMessage", out var message) ? message : latest.Reason),
            ConsoleJobState.Succeeded or ConsoleJobState.Cancelled => (state, at, null),
            _ => (state, null, null),
        };
    }

    /// <summary>Hangfire's state name as the console's state (Deleted is Cancelled; Enqueued, Scheduled, Awaiting are Queued).</summary>
    public static ConsoleJobState Map(string? stateName)
    {
        if (stateName == SucceededState.StateName)
            return ConsoleJobState.Succeeded;
        if (stateName == FailedState.StateName)
            return ConsoleJobState.Failed;
        if (stateName == DeletedState.StateName)
            return ConsoleJobState.Cancelled;
        return stateName == ProcessingState.StateName ? ConsoleJobState.Running : ConsoleJobState.Queued;
    }
}

namespace Webhooks.Core.Jobs;

/// <summary>What the console shows of a job; Hangfire's state is the truth (Deleted there is Cancelled here).</summary>
public enum ConsoleJobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

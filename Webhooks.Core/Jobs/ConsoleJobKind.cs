namespace Webhooks.Core.Jobs;

/// <summary>The console's jobs that send deliveries (retention is a recurring job, not listed here).</summary>
public enum ConsoleJobKind
{
    RetryNow,
    RetrySelected,
    Recover,
}

using Webhooks.Core.Jobs;

namespace Webhooks.Console.Shared;

/// <summary>How a background job reads on screen, the same words on the delivery page, the grid and the Recover views.</summary>
public static class JobText
{
    /// <summary>The action that started the job, as its button says it.</summary>
    public static string Label(ConsoleJobKind kind) => kind switch
    {
        ConsoleJobKind.RetryNow => "Retry now",
        ConsoleJobKind.RetrySelected => "Retry selected",
        ConsoleJobKind.Recover => "Recover",
        _ => kind.ToString(),
    };

    /// <summary>Whether the job may still change (and be cancelled).</summary>
    public static bool IsActive(ConsoleJob job) => job.State is ConsoleJobState.Queued or ConsoleJobState.Running;

    /// <summary>
    /// One line: "Retry now queued", "Recover running: 40 of 120 deliveries re-queued", "Retry selected
    /// done: Succeeded, 5 of 5 deliveries sent", "Retry now done: Failed: …", "Recover cancelled after 40 of 120 deliveries re-queued".
    /// </summary>
    /// <param name="counts">Say Done/Total; a single delivery's 0 of 1 says nothing the state does not.</param>
    public static string Describe(ConsoleJob job, bool counts)
    {
        var label = Label(job.Kind);
        // Recover hands deliveries back to the dispatcher; the retries attempt them themselves.
        var verb = job.Kind == ConsoleJobKind.Recover ? "re-queued" : "sent";
        var of = counts ? $"{job.Done} of {job.Total} {(job.Total == 1 ? "delivery" : "deliveries")} {verb}" : "";
        return job.State switch
        {
            ConsoleJobState.Queued => counts ? $"{label} queued: {of}" : $"{label} queued",
            ConsoleJobState.Running => counts ? $"{label} running: {of}" : $"{label} running",
            ConsoleJobState.Succeeded => counts ? $"{label} done: Succeeded, {of}" : $"{label} done: Succeeded",
            ConsoleJobState.Failed => $"{label} done: Failed{(counts ? ", " + of : "")}{(job.Error is { Length: > 0 } e ? ": " + e : "")}",
            ConsoleJobState.Cancelled => counts ? $"{label} cancelled after {of}" : $"{label} cancelled",
            _ => $"{label}: {job.State}",
        };
    }
}

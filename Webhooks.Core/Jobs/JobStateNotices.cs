using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Delivery;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Tells live pages (<see cref="DeliveryNotifier"/>) that a console job changed state, once the new
/// state is readable. Hangfire applies a state inside its storage transaction and offers no hook
/// after the commit, so this watches the job's stored state from outside the transaction (every
/// <see cref="Poll"/>, for at most <see cref="Patience"/>) and notifies when it shows the new state;
/// a page woken by it reads the state it was woken for. Registered as a filter of this host's
/// Hangfire only (see <c>AddWebhookJobs</c>), not a process-wide one.
/// </summary>
public sealed class JobStateNotices(JobStorage storage, DeliveryNotifier notifier, ILogger<JobStateNotices> logger) : IApplyStateFilter
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        var type = context.BackgroundJob.Job?.Type;
        if (type != typeof(RetryNowJob) && type != typeof(RetrySelectedJob) && type != typeof(RecoverJob))
            return;
        _ = NotifyWhenReadableAsync(context.BackgroundJob.Id, context.NewState.Name);
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    private async Task NotifyWhenReadableAsync(string jobId, string state)
    {
        var until = DateTime.UtcNow + Patience;
        try
        {
            while (DateTime.UtcNow < until)
            {
                using (var connection = storage.GetConnection())
                {
                    if (connection.GetStateData(jobId)?.Name is { } current && (current == state || IsLater(current, state)))
                        break;
                }
                await Task.Delay(Poll);
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not read the state of job {JobId}; telling the pages anyway", jobId);
        }
        notifier.Notify();
    }

    // The state may already have moved on (a short job goes Processing → Succeeded quickly): that is readable too.
    private static bool IsLater(string current, string awaited) =>
        Rank(ConsoleJobStates.Map(current)) > Rank(ConsoleJobStates.Map(awaited));

    private static int Rank(ConsoleJobState state) => state switch
    {
        ConsoleJobState.Queued => 0,
        ConsoleJobState.Running => 1,
        _ => 2,
    };
}

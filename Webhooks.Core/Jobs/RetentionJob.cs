using System.ComponentModel;
using Hangfire;
using Webhooks.Core.Delivery.Retention;

namespace Webhooks.Core.Jobs;

/// <summary>The recurring clean-up of old delivery history (<see cref="RetentionService"/>), on <see cref="JobsOptions.RetentionSchedule"/>.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetentionJob(RetentionService retention)
{
    public const string Id = "retention";

    [DisplayName("Delete delivery history past its retention")]
    public async Task RunAsync(CancellationToken ct) => await retention.PurgeAsync(ct);
}

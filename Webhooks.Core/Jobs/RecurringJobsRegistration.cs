using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Jobs;

/// <summary>Registers the recurring jobs at start, so a schedule Hangfire cannot read stops the start with the key to fix.</summary>
public sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var schedule = options.Value.RetentionSchedule;
        try
        {
            recurring.AddOrUpdate<RetentionJob>(RetentionJob.Id, job => job.RunAsync(CancellationToken.None), schedule, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(JobsOptions.Section, typeof(JobsOptions),
                [$"{JobsOptions.Section}:RetentionSchedule '{schedule}' is not a cron expression Hangfire reads: {ex.Message}"]);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Options;

namespace Webhooks.Core.Jobs;

/// <summary>The relations data annotations cannot express.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    // Below 100 ms the check would cost more than it saves; above 5 minutes leases (2 minutes) run out first.
    private static readonly TimeSpan MinStoppedConsoleCheck = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxStoppedConsoleCheck = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        // Hangfire accepts a timeout below the heartbeat, then declares its own server dead and
        // restarts it in a loop, with a new server id each time.
        if (options.ServerTimeout < 2 * options.HeartbeatInterval)
            errors.Add($"{JobsOptions.Section}:ServerTimeout ({options.ServerTimeout}) must be at least twice {JobsOptions.Section}:HeartbeatInterval ({options.HeartbeatInterval}).");
        if (options.StoppedConsoleCheckInterval < MinStoppedConsoleCheck || options.StoppedConsoleCheckInterval > MaxStoppedConsoleCheck)
            errors.Add($"{JobsOptions.Section}:StoppedConsoleCheckInterval must be between {MinStoppedConsoleCheck} and {MaxStoppedConsoleCheck} (got {options.StoppedConsoleCheckInterval}).");
        var fields = (options.RetentionSchedule ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
            errors.Add($"{JobsOptions.Section}:RetentionSchedule must be a cron expression of 5 or 6 fields (got '{options.RetentionSchedule}').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

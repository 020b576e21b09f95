using System.ComponentModel.DataAnnotations;

namespace Webhooks.Core.Jobs;

/// <summary>
/// The Hangfire server that hosts the dispatcher and runs the console's jobs; bound from
/// <c>Webhooks:Jobs</c> and validated at start (<see cref="JobsOptionsValidator"/> checks the relations).
/// </summary>
public sealed class JobsOptions
{
    public const string Section = "Webhooks:Jobs";

    /// <summary>Hangfire workers: jobs that run at the same time (Retry now, Retry selected, Recover, retention). Deliveries do not use them.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// How often idle workers look for a new job. Hangfire.Storage.SQLite wakes nobody on enqueue, so
    /// this bounds how long a Retry now waits before it starts; shorter costs idle CPU (PLATFORM.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often scheduled and recurring jobs (retention) are checked for being due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the server reports that it is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A server silent for this long counts as dead; at least twice <see cref="HeartbeatInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// On a shared database (PostgreSQL), how often each console checks whether another one stopped
    /// without handing back its work; its deliveries and jobs then resume within about
    /// <see cref="ServerTimeout"/> plus this (<see cref="ConsoleWatch"/>). Each check reads
    /// Hangfire's server list once. Unused on SQLite (one console per database). 100 ms to 5 minutes.
    /// </summary>
    public TimeSpan StoppedConsoleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often servers look for dead servers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ServerCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A job whose process died is run again after this long (Hangfire.Storage.SQLite's timeout is
    /// not sliding, so it must outlast the longest job: a Recover at its rate).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Where the console serves Hangfire's dashboard (signed-in users; Admins may act, Viewers read).</summary>
    [Required, RegularExpression("^/[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$", ErrorMessage = "Webhooks:Jobs:DashboardPath must be a path such as /hangfire (lower-case letters, digits, '-' and '/').")]
    public string DashboardPath { get; set; } = "/hangfire";

    /// <summary>When retention runs, as a cron expression (UTC); hourly by default.</summary>
    [Required]
    public string RetentionSchedule { get; set; } = "0 * * * *";
}

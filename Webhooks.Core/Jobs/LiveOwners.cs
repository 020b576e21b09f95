using Hangfire;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Whose leases and running jobs must be left alone: owners that are alive. A lease owner and a job's
/// server are Hangfire server ids (<see cref="DispatcherInstance"/>). With one node on its database
/// (SQLite) that is only this process's own ids: every other owner is a process that died. With a
/// shared database (PostgreSQL, several consoles) it is also every Hangfire server whose heartbeat is
/// younger than <see cref="JobsOptions.ServerTimeout"/>: another console at work, whose leases and
/// jobs are its own.
/// </summary>
public sealed class LiveOwners(JobStorage storage, DispatcherInstance instance, IOptions<JobsOptions> options, TimeProvider time, bool sharedDatabase)
{
    public IReadOnlyCollection<string> Read() =>
        sharedDatabase ? [.. instance.OwnIds.Concat(AliveServers()).Distinct(StringComparer.Ordinal)] : instance.OwnIds;

    /// <summary>Consoles delivering from this database now, this one included: one Hangfire server each.</summary>
    public int Consoles() => sharedDatabase ? Math.Max(1, AliveServers().Count()) : 1;

    private IEnumerable<string> AliveServers()
    {
        var since = time.GetUtcNow().UtcDateTime - options.Value.ServerTimeout;
        return storage.GetMonitoringApi().Servers()
            .Where(s => s.Heartbeat is { } beat && DateTime.SpecifyKind(beat, DateTimeKind.Utc) >= since)
            .Select(s => s.Name);
    }
}

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
    public IReadOnlyCollection<string> Read() => ReadWithConsoles().Owners;

    /// <summary>
    /// The live owners, and how many consoles deliver from this database now, this one included (one
    /// Hangfire server each): both from one read of Hangfire's server list.
    /// </summary>
    public (IReadOnlyCollection<string> Owners, int Consoles) ReadWithConsoles()
    {
        if (!sharedDatabase)
            return (instance.OwnIds, 1);
        var alive = AliveServers().ToList();
        return ([.. instance.OwnIds.Concat(alive).Distinct(StringComparer.Ordinal)], Math.Max(1, alive.Count));
    }

    private IEnumerable<string> AliveServers()
    {
        var since = time.GetUtcNow().UtcDateTime - options.Value.ServerTimeout;
        return storage.GetMonitoringApi().Servers()
            .Where(s => s.Heartbeat is { } beat && DateTime.SpecifyKind(beat, DateTimeKind.Utc) >= since)
            .Select(s => s.Name);
    }
}

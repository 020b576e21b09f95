using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Webhooks.Core.Persistence;

/// <summary>
/// Copies SQLite's write-ahead log into the database file from a background task, a few times a
/// second. Left to SQLite, the commit that takes the log past 1,000 pages does it, with an fsync,
/// before that commit returns, so its writer holds the <see cref="WriteGate"/> through it: at 1,000
/// events a second that was every second or so, and every publish and settle queued behind it (the
/// bench's latency p99 was 28 ms with it, 13–15 ms with this, 13 ms with no checkpoint at all). A
/// passive checkpoint takes no write lock, so writers go on meanwhile, and once it has copied
/// everything the next commit starts the log from the beginning: the commits' own checkpoint is
/// left as a fallback that a log kept short no longer reaches.
/// </summary>
public sealed class SqliteCheckpointer(IDbContextFactory<WebhooksDbContext> dbFactory, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>Between two checkpoints: short enough that a busy console's log stays well under SQLite's 1,000 pages.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The latest checkpoint: pages in the log, and pages of it copied into the database.</summary>
    public (int LogPages, int CopiedPages) Last { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Last = await CheckpointAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The commits' own checkpoint still bounds the log meanwhile.
                    logger.LogWarning(ex, "SQLite checkpoint failed; trying again in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<(int, int)> CheckpointAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(ct);
        // One row: busy, pages in the log, pages copied (-1 and -1 when the database is not in WAL mode).
        return await reader.ReadAsync(ct) ? (reader.GetInt32(1), reader.GetInt32(2)) : (0, 0);
    }
}

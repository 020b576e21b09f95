using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Webhooks.Tests.Support;

/// <summary>
/// The pragmas the app's persistence layer sets on every connection (WAL, synchronous=NORMAL,
/// busy_timeout), so tests see the same locking behaviour. Without busy_timeout, Microsoft.Data.Sqlite
/// retries a busy database in coarse sleeps, which shows up as latency spikes.
/// </summary>
public sealed class TestSqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

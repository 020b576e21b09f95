using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The start-up lock on a real PostgreSQL database (<see cref="PostgresCluster"/>), as two consoles take it.</summary>
public sealed class StartupLockTests
{
    [Fact]
    public async Task RunAsync_WaitsForTheConsoleHoldingIt_WhenTheProviderIsPostgreSql()
    {
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        var first = new StartupLock(DatabaseProvider.PostgreSql, connectionString, NullLogger<StartupLock>.Instance);
        var second = new StartupLock(DatabaseProvider.PostgreSql, connectionString, NullLogger<StartupLock>.Instance);
        var firstHolds = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var secondRan = false;

        var firstRun = first.RunAsync(async () =>
        {
            firstHolds.SetResult();
            await releaseFirst.Task;
        });
        await firstHolds.Task;
        var secondRun = second.RunAsync(() =>
        {
            secondRan = true;
            return Task.CompletedTask;
        });
        await Eventually.WaitAsync(() => WaitingForLockAsync(connectionString), "the second console waiting for the lock");
        Assert.False(secondRan);

        releaseFirst.SetResult();
        await firstRun;
        await secondRun;
        Assert.True(secondRan);
    }

    [Fact]
    public async Task RunAsync_RunsAtOnceWithoutADatabase_WhenTheProviderIsSqlite()
    {
        // One process owns a SQLite file: nothing to take, not even a connection.
        var ran = false;
        await new StartupLock(DatabaseProvider.Sqlite, "Data Source=/nonexistent/folder/webhooks.db", NullLogger<StartupLock>.Instance)
            .RunAsync(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
        Assert.True(ran);
    }

    private static async Task<bool> WaitingForLockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}

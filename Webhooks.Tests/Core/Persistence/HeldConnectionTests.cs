using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>A real SQLite file: the connection, its commands and its prepared statements across calls.</summary>
public sealed class HeldConnectionTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-held-").FullName;
    private ServiceProvider _services = null!;

    private IDbContextFactory<WebhooksDbContext> Factory => _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>();

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection().AddLogging()
            .AddWebhooksPersistence($"Data Source={Path.Combine(_dir, "h.db")}").BuildServiceProvider();
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task RunAsync_KeepsTheConnectionOpenAndTheCommandPrepared_BetweenCalls()
    {
        await using var held = new HeldConnection(Factory);
        const string sql = """SELECT COUNT(*) FROM "Endpoints" WHERE "Name" <> @name""";

        var first = await held.RunAsync(h => Task.FromResult((h.Command(sql), h.Database.GetDbConnection())), CancellationToken.None);
        var second = await held.RunAsync(async h =>
        {
            var command = h.Command(sql);
            HeldConnection.Set(command, "@name", "x");
            return (Command: command, Count: Convert.ToInt64(await command.ExecuteScalarAsync()), Bytes: PreparedStatementBytes((SqliteConnection)h.Database.GetDbConnection()));
        }, CancellationToken.None);
        var third = await held.RunAsync(async h =>
        {
            var command = h.Command(sql);
            HeldConnection.Set(command, "@name", "y");
            await command.ExecuteScalarAsync();
            return (Command: command, Open: h.Database.GetDbConnection().State, Bytes: PreparedStatementBytes((SqliteConnection)h.Database.GetDbConnection()));
        }, CancellationToken.None);

        Assert.Same(first.Item1, second.Command);
        Assert.Same(second.Command, third.Command);
        Assert.Equal(ConnectionState.Open, third.Open);
        Assert.Same(first.Item2, third.Command.Connection);
        Assert.Equal(0L, second.Count);
        Assert.Single(third.Command.Parameters.Cast<SqliteParameter>());
        Assert.True(second.Bytes > 0);
        Assert.Equal(second.Bytes, third.Bytes);
    }

    [Fact]
    public async Task RunAsync_OpensAFreshConnection_WhenTheWorkBeforeFailed()
    {
        await using var held = new HeldConnection(Factory);
        var before = await held.RunAsync(h => Task.FromResult(h.Database.GetDbConnection()), CancellationToken.None);

        await Assert.ThrowsAsync<SqliteException>(() => held.RunAsync(h => h.Command("SELECT * FROM \"Missing\"").ExecuteScalarAsync(), CancellationToken.None));
        var closedAfterFailure = before.State == ConnectionState.Closed;
        var after = await held.RunAsync(async h => (h.Database.GetDbConnection(), Convert.ToInt64(await h.Command("SELECT 1").ExecuteScalarAsync())), CancellationToken.None);

        Assert.True(closedAfterFailure);
        Assert.Equal(ConnectionState.Open, after.Item1.State);
        Assert.Equal(1L, after.Item2);
    }

    [Fact]
    public async Task RunAsync_GivesACallAConnectionOfItsOwn_WhenAnotherCallHoldsTheConnection()
    {
        await using var held = new HeldConnection(Factory);
        var holding = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = held.RunAsync(async h =>
        {
            holding.SetResult();
            await release.Task;
            return h.Database.GetDbConnection();
        }, CancellationToken.None);
        await holding.Task;

        var meanwhile = await held.RunAsync(async h => (h.Database.GetDbConnection(), Convert.ToInt64(await h.Command("SELECT 2").ExecuteScalarAsync())), CancellationToken.None);
        release.SetResult();
        var holder = await first;

        Assert.NotSame(holder, meanwhile.Item1);
        Assert.Equal(2L, meanwhile.Item2);
        Assert.Equal(ConnectionState.Open, holder.State);
        Assert.Same(holder, await held.RunAsync(h => Task.FromResult(h.Database.GetDbConnection()), CancellationToken.None));
    }

    [Fact]
    public async Task StatementBatch_KeepsItsStatementsPrepared_WhenMadeOnAHeldConnection()
    {
        await using var held = new HeldConnection(Factory);
        const string insert = """INSERT INTO "AuditEntries" ("At", "Actor", "Action", "TargetType") VALUES (@p0, 'a', 'b', 'c')""";

        async Task<int> RunBatchAsync(int rows) => await held.RunAsync(async h =>
        {
            await using var tx = await h.Database.BeginTransactionAsync();
            var batch = new StatementBatch(h, tx.GetDbTransaction());
            for (var i = 0; i < rows; i++)
                batch.Add(insert, DateTime.UtcNow);
            await batch.ExecuteAsync(CancellationToken.None);
            await tx.CommitAsync();
            return PreparedStatementBytes((SqliteConnection)h.Database.GetDbConnection());
        }, CancellationToken.None);

        var afterFirst = await RunBatchAsync(2);
        var afterSecond = await RunBatchAsync(3);
        Assert.True(afterFirst > 0);
        Assert.Equal(afterFirst, afterSecond);
        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal(5, await db.AuditEntries.CountAsync());
    }

    /// <summary>The heap SQLite uses for the statements it holds prepared on the connection (none once all are finalised).</summary>
    private static int PreparedStatementBytes(SqliteConnection connection)
    {
        const int statementsUsed = 3; // SQLITE_DBSTATUS_STMT_USED
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_db_status(connection.Handle, statementsUsed, out var current, out _, 0));
        return current;
    }
}

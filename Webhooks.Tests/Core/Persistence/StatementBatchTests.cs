using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The same statements through SQLite's prepared path and PostgreSQL's one-round-trip batch.</summary>
public sealed class StatementBatchTests
{
    public static TheoryData<string> Providers => ["sqlite", "postgresql"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_ReturnsWhatEachStatementDidInOrder_WhenSomeStatementsChangeNothing(string provider)
    {
        await using var connection = await OpenAsync(provider);
        await using var tx = await connection.BeginTransactionAsync();
        var batch = new StatementBatch(connection, tx);
        var returning = batch.NeedsReturning ? """ RETURNING "Id" """ : "";
        batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0)""" + returning, "a");
        batch.Add("""UPDATE "Items" SET "Name" = @p0 WHERE "Name" = @p1""" + returning, "x", "missing");
        batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0)""" + returning, "b");
        batch.Add("""UPDATE "Items" SET "Name" = @p0 WHERE "Name" = @p1""" + returning, "c", "b");
        batch.Add("""INSERT INTO "Items" ("Name") SELECT @p0 WHERE FALSE""" + returning, "d");

        var outcomes = await batch.RunAsync(CancellationToken.None);

        Assert.Equal([1, 0, 1, 1, 0], outcomes.Select(o => o.Changes));
        Assert.Equal([1L, 2L], new[] { outcomes[0], outcomes[2] }.Select(o => Convert.ToInt64(o.Value)));
        Assert.Null(outcomes[1].Value);
        Assert.Null(outcomes[4].Value);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_WritesNothing_WhenTheTransactionIsRolledBack(string provider)
    {
        await using var connection = await OpenAsync(provider);
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var batch = new StatementBatch(connection, tx);
            batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0)""", "a");
            batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0)""", "b");
            await batch.ExecuteAsync(CancellationToken.None);
            await tx.RollbackAsync();
        }

        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*) FROM "Items" """;
        Assert.Equal(0L, Convert.ToInt64(await count.ExecuteScalarAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExecuteAsync_StoresUtf8TextAsTheSameText_WhenGivenItsBytes(string provider)
    {
        const string text = """{"X-Webhook-Event":"ticket.closed","X-Note":"café ✓ 🎉"}""";
        await using var connection = await OpenAsync(provider);
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var batch = new StatementBatch(connection, tx);
            batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0)""", new Utf8Text(System.Text.Encoding.UTF8.GetBytes(text)));
            await batch.ExecuteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var read = connection.CreateCommand();
        read.CommandText = """SELECT "Name" FROM "Items" """;
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((typeof(string), text), (reader.GetFieldType(0), reader.GetString(0)));
    }

    private static async Task<DbConnection> OpenAsync(string provider)
    {
        DbConnection connection = provider == "sqlite"
            ? new SqliteConnection("Data Source=:memory:")
            : new NpgsqlConnection(await (await PostgresCluster.Shared).CreateDatabaseAsync());
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = provider == "sqlite"
            ? """CREATE TABLE "Items" ("Id" integer PRIMARY KEY, "Name" text NOT NULL)"""
            : """CREATE TABLE "Items" ("Id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "Name" text NOT NULL)""";
        await create.ExecuteNonQueryAsync();
        return connection;
    }
}

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
    public async Task ReadAsync_ReturnsEachStatementsRowsInOrder_WhenSomeStatementsReturnNone(string provider)
    {
        await using var connection = await OpenAsync(provider);
        await using var tx = await connection.BeginTransactionAsync();
        var batch = new StatementBatch(connection, tx);
        batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0) RETURNING "Name" """, "a");
        batch.Add("""UPDATE "Items" SET "Name" = @p0 WHERE "Name" = @p1 RETURNING "Name" """, "x", "missing");
        batch.Add("""INSERT INTO "Items" ("Name") VALUES (@p0) RETURNING "Name" """, "b");
        batch.Add("""UPDATE "Items" SET "Name" = @p0 WHERE "Name" = @p1 RETURNING "Name" """, "c", "b");

        var results = await batch.ReadAsync(CancellationToken.None);

        Assert.Equal([["a"], [], ["b"], ["c"]], results.Select(rows => rows.Select(row => (string)row[0]).ToArray()).ToArray());
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

    private static async Task<DbConnection> OpenAsync(string provider)
    {
        DbConnection connection = provider == "sqlite"
            ? new SqliteConnection("Data Source=:memory:")
            : new NpgsqlConnection(await (await PostgresCluster.Shared).CreateDatabaseAsync());
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = """CREATE TABLE "Items" ("Name" text NOT NULL)""";
        await create.ExecuteNonQueryAsync();
        return connection;
    }
}

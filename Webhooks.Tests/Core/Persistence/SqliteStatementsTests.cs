using Microsoft.Data.Sqlite;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>SQLite's C API under <see cref="StatementBatch"/>: values stored and read exactly as through Microsoft.Data.Sqlite.</summary>
public sealed class SqliteStatementsTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await ExecuteAsync("""CREATE TABLE "Items" ("Key" text NOT NULL UNIQUE, "A", "B", "C", "D", "E", "F", "G", "H", "I", "J")""");
    }

    public Task DisposeAsync() => _connection.DisposeAsync().AsTask();

    private static readonly object?[] EveryType =
    [
        new DateTime(2026, 12, 3, 13, 0, 0, DateTimeKind.Utc).AddTicks(1234567), true, 42, 1L << 40, DeliveryStatus.Failed,
        null, "tëxt", 0.5, new byte[] { 1, 2, 3 }, new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.FromHours(1)),
    ];

    [Fact]
    public Task Run_StoresEachValueAsMicrosoftDataSqliteDoes_WhenBoundByPosition() => AssertStoredAsMicrosoftDataSqliteAsync(EveryType);

    [Fact]
    public Task Run_StoresTextAsMicrosoftDataSqliteDoes_WhenItsUtf8IsLongerThanTheStackBuffer() => AssertStoredAsMicrosoftDataSqliteAsync(
    [
        "", "a", new string('x', 170), new string('x', 171), new string('é', 300), string.Concat(Enumerable.Repeat("ü€𝄞", 400)),
        new string('x', 100_000), "{\"Content-Type\":\"application/json\"}", "tëxt", null,
    ]);

    /// <summary>Inserts <paramref name="values"/> (ten, into A..J) through both, and compares what SQLite stored.</summary>
    private async Task AssertStoredAsMicrosoftDataSqliteAsync(object?[] values)
    {
        using (var statements = new SqliteStatements(_connection))
            statements.Run(Insert, ["raw", .. values], null);
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = Insert;
            object?[] all = ["parameters", .. values];
            for (var i = 0; i < all.Length; i++)
                command.Parameters.AddWithValue("@p" + i, all[i] ?? DBNull.Value);
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(await StoredAsync("parameters"), await StoredAsync("raw"));
    }

    [Fact]
    public void Run_ReportsTheRowsChangedAndTheRowidInserted_WhenTheStatementHasNoReturning()
    {
        using var statements = new SqliteStatements(_connection);
        statements.Run("""INSERT INTO "Items" ("Key") VALUES (@p0)""", ["a"], null);

        var inserted = statements.Run("""INSERT INTO "Items" ("Key") VALUES (@p0)""", ["b"], null);
        var updated = statements.Run("""UPDATE "Items" SET "A" = @p0""", [1], null);
        var read = statements.Run("""SELECT COUNT(*) FROM "Items" WHERE "Key" = @p0""", ["zzz"], null);
        var skipped = statements.Run("""INSERT INTO "Items" ("Key") VALUES (@p0) ON CONFLICT DO NOTHING""", ["a"], null);

        Assert.Equal(new StatementOutcome(1, 2L), inserted);
        Assert.Equal(new StatementOutcome(2, null), updated);
        Assert.Equal(new StatementOutcome(0, null), skipped);
        // A read changes nothing, whatever the write before it changed; it gives back its first value.
        Assert.Equal(new StatementOutcome(0, 0L), read);
    }

    [Fact]
    public void Run_BindsEachValueToItsName_WhenNamesAppearOutOfOrder()
    {
        using var statements = new SqliteStatements(_connection);
        statements.Run("""INSERT INTO "Items" ("A", "Key", "B") VALUES (@p2, @p0, @p1)""", ["k", "b", "a"], null);
        var rows = new List<object[]>();

        statements.Run("""SELECT "Key", "A", "B" FROM "Items" WHERE "Key" = @p0""", ["k"], rows);

        Assert.Equal<object>(["k", "a", "b"], Assert.Single(rows));
    }

    [Fact]
    public void Run_ReturnsColumnsAsGetValuesDoes_WhenTheStatementReturnsRows()
    {
        using var statements = new SqliteStatements(_connection);
        var rows = new List<object[]>();

        statements.Run("""INSERT INTO "Items" ("Key", "A", "B", "C", "D") VALUES (@p0, @p1, @p2, @p3, @p4) RETURNING "Key", "A", "B", "C", "D" """,
            ["k", 7L, 0.25, null, new byte[] { 9 }], rows);

        Assert.Equal<object>(["k", 7L, 0.25, DBNull.Value, new byte[] { 9 }], Assert.Single(rows));
    }

    [Fact]
    public void Run_ThrowsAndCanRunAgain_WhenAConstraintFails()
    {
        using var statements = new SqliteStatements(_connection);
        const string insert = """INSERT INTO "Items" ("Key") VALUES (@p0)""";
        statements.Run(insert, ["k"], null);

        var error = Assert.Throws<SqliteException>(() => statements.Run(insert, ["k"], null));
        statements.Run(insert, ["other"], null);

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(2L, Count());
    }

    [Fact]
    public void Run_Refuses_WhenAValueHasATypeItDoesNotEncode()
    {
        using var statements = new SqliteStatements(_connection);

        var error = Assert.Throws<NotSupportedException>(() => statements.Run("""INSERT INTO "Items" ("Key", "A") VALUES (@p0, @p1)""", ["k", Guid.NewGuid()], null));

        Assert.Contains(nameof(Guid), error.Message);
        Assert.Equal(0L, Count());
    }

    [Fact]
    public void Run_Refuses_WhenTheTextHoldsMoreThanOneStatement()
    {
        using var statements = new SqliteStatements(_connection);

        Assert.Throws<ArgumentException>(() => statements.Run("""INSERT INTO "Items" ("Key") VALUES ('a'); INSERT INTO "Items" ("Key") VALUES ('b')""", [], null));

        Assert.Equal(0L, Count());
    }

    private const string Insert = """
        INSERT INTO "Items" ("Key", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)
        """;

    /// <summary>Each column's storage class and exact stored value.</summary>
    private async Task<List<string>> StoredAsync(string key)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT typeof("A") || quote("A"), typeof("B") || quote("B"), typeof("C") || quote("C"), typeof("D") || quote("D"), typeof("E") || quote("E"),
                   typeof("F") || quote("F"), typeof("G") || quote("G"), typeof("H") || quote("H"), typeof("I") || quote("I"), typeof("J") || quote("J")
            FROM "Items" WHERE "Key" = @key
            """;
        command.Parameters.AddWithValue("@key", key);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList();
    }

    private long Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "Items" """;
        return (long)command.ExecuteScalar()!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

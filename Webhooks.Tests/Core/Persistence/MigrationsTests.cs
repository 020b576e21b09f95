using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Persistence;

public sealed class MigrationsTests
{
    [Fact]
    public async Task Migrations_ProduceSameSchema_AsEnsureCreated()
    {
        var migrated = await SchemaAsync(db => db.Database.MigrateAsync());
        var created = await SchemaAsync(db => db.Database.EnsureCreatedAsync());
        Assert.NotEmpty(created);
        Assert.Equal(created, migrated);
    }

    [Fact]
    public async Task Migrations_RefuseASecondRecordOfOneAttemptNumber_WhenInsertedDirectly()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new WebhooksDbContext(new DbContextOptionsBuilder<WebhooksDbContext>().UseSqlite(connection).Options);
        await db.Database.MigrateAsync();
        await ExecuteAsync(connection, OneDelivery);
        const string attempt = """
            INSERT INTO "DeliveryAttempts" ("DeliveryId", "Number", "Trigger", "StartedAt", "DurationMs", "RequestUrl", "RequestHeaders", "RequestBody",
                "ResponseBodyTruncated", "Succeeded", "ErrorKind")
            VALUES ('dlv_1', 1, 0, '2026-01-01', 1, 'https://example.com/', '{}', '', 0, 1, 0)
            """;
        await ExecuteAsync(connection, attempt);

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, attempt));
        Assert.Contains("UNIQUE", error.Message);
    }

    [Fact]
    public async Task Migrations_KeepRecordedAttempts_WhenTheirTableIsRebuiltForEventBodies()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new WebhooksDbContext(new DbContextOptionsBuilder<WebhooksDbContext>().UseSqlite(connection).Options);
        await db.GetService<IMigrator>().MigrateAsync("20261203160542_DueIndexPendingOnly");
        await ExecuteAsync(connection, OneDelivery + """
            INSERT INTO "DeliveryAttempts" ("DeliveryId", "Number", "Trigger", "StartedAt", "DurationMs", "RequestUrl", "RequestHeaders", "RequestBody",
                "ResponseBodyTruncated", "Succeeded", "ErrorKind")
            VALUES ('dlv_1', 1, 0, '2026-01-01', 1, 'https://example.com/', '{}', '{"sent":"before"}', 0, 1, 0);
            """);

        await db.Database.MigrateAsync();

        var attempt = await db.DeliveryAttempts.AsNoTracking().SingleAsync();
        Assert.Equal(("dlv_1", 1, """{"sent":"before"}"""), (attempt.DeliveryId, attempt.Number, attempt.RequestBody));
        db.DeliveryAttempts.Add(new() { DeliveryId = "dlv_1", Number = 2, RequestUrl = "https://example.com/", RequestBody = null });
        await db.SaveChangesAsync();
        Assert.Equal(2, (await db.DeliveryAttempts.AsNoTracking().SingleAsync(a => a.Number == 2)).Id);
    }

    [Fact]
    public void Model_HasNoChange_MissingFromTheMigrations()
    {
        // A model change without `dotnet ef migrations add` would make MigrateAsync refuse to start the console.
        using var db = new WebhooksDbContext(new DbContextOptionsBuilder<WebhooksDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    private const string OneDelivery = """
            INSERT INTO "Endpoints" ("Id", "Name", "Url", "Description", "IsEnabled", "DisabledAutomatically", "Subscriptions", "SignatureScheme",
                "SecretProtected", "SecretHint", "AuthMode", "CustomHeaders", "TimeoutSeconds", "RetryEnabled", "ConsecutiveFailures",
                "FromConfiguration", "CreatedAt", "UpdatedAt", "Version")
            VALUES ('ep_1', 'e', 'https://example.com/', '', 1, 0, '[]', 0, 's', 'h', 0, '{}', 5, 1, 0, 0, '2026-01-01', '2026-01-01', X'00000000000000000000000000000000');
            INSERT INTO "Events" ("Id", "Type", "Data", "OccurredAt") VALUES ('evt_1', 'customer.created', '{}', '2026-01-01');
            INSERT INTO "Deliveries" ("Id", "EventId", "EndpointId", "EventType", "Status", "AttemptCount", "NextTrigger", "IsTest", "CreatedAt")
            VALUES ('dlv_1', 'evt_1', 'ep_1', 'customer.created', 0, 0, 0, 0, '2026-01-01');
            """;

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> SchemaAsync(Func<WebhooksDbContext, Task> build)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var db = new WebhooksDbContext(new DbContextOptionsBuilder<WebhooksDbContext>().UseSqlite(connection).Options))
            await build(db);

        var rows = new List<string>();
        await using var command = connection.CreateCommand();
        // Only the model's schema: migrating also creates EF's own bookkeeping, which EnsureCreated never does:
        // __EFMigrationsHistory (applied migrations) and, from EF 9 on, __EFMigrationsLock (one migrator at a
        // time). tbl_name covers those tables and their indexes; '_' is a LIKE wildcard, hence the escapes.
        command.CommandText = """
            SELECT type, name, sql FROM sqlite_master
            WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE '\_\_EFMigrations%' ESCAPE '\'
            ORDER BY type, name
            """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)}: {(reader.IsDBNull(2) ? "" : Normalize(reader.GetString(2)))}");
        return rows;
    }

    // Whitespace differs between the migration's SQL text and EF's; the structure must not.
    private static string Normalize(string sql) => string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

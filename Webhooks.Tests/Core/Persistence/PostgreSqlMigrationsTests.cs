using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The PostgreSQL migration set, against a real throwaway cluster (<see cref="PostgresCluster"/>).</summary>
public sealed class PostgreSqlMigrationsTests
{
    [Fact]
    public void Model_HasNoChange_MissingFromThePostgreSqlMigrations()
    {
        // A model change needs a migration in each provider's set (README, Development).
        using var db = Context("Host=127.0.0.1;Database=unused");
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Migrations_ProduceSameSchema_AsEnsureCreated_OnPostgreSql()
    {
        var cluster = await PostgresCluster.Shared;
        var migrated = await SchemaAsync(await cluster.CreateDatabaseAsync(), db => db.Database.MigrateAsync());
        var created = await SchemaAsync(await cluster.CreateDatabaseAsync(), db => db.Database.EnsureCreatedAsync());
        Assert.NotEmpty(created);
        Assert.Equal(created, migrated);
    }

    [Fact]
    public async Task AddWebhooksPersistence_StoresAndReadsThroughWebhooksDbContext_WhenTheProviderIsPostgreSql()
    {
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        await using var services = new ServiceCollection().AddWebhooksPersistence(connectionString, DatabaseProvider.PostgreSql).BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>();
        var now = DateTime.UtcNow;
        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.IsType<PostgreSqlWebhooksDbContext>(db);
            await db.Database.MigrateAsync();
            db.Endpoints.Add(new Endpoint { Id = "ep_1", Name = "CRM sync", Url = "https://example.com/hook", SecretProtected = "s", SecretHint = "h", CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        await using var scope = services.CreateAsyncScope();
        var read = await scope.ServiceProvider.GetRequiredService<WebhooksDbContext>().Endpoints.SingleAsync(e => e.Id == "ep_1");
        Assert.Equal("CRM sync", read.Name);
        Assert.Equal(now, read.CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    private static PostgreSqlWebhooksDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgreSqlWebhooksDbContext>().UseNpgsql(connectionString).Options);

    private static async Task<List<string>> SchemaAsync(string connectionString, Func<WebhooksDbContext, Task> build)
    {
        await using (var db = Context(connectionString))
            await build(db);
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Only the model's schema: migrating also creates EF's own __EFMigrationsHistory.
        await using var command = new NpgsqlCommand("""
            SELECT 'column ' || table_name || '.' || column_name || ': ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EFMigrations%'
            UNION ALL
            SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EFMigrations%'
            UNION ALL
            SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '%EFMigrations%'
            ORDER BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }
}

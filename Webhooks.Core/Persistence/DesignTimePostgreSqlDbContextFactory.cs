using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Webhooks.Core.Persistence;

/// <summary>
/// How <c>dotnet ef ... --context PostgreSqlWebhooksDbContext</c> builds the PostgreSQL context.
/// Scaffolding a migration opens no database, so the connection string only names the provider.
/// </summary>
public sealed class DesignTimePostgreSqlDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlWebhooksDbContext>
{
    public PostgreSqlWebhooksDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlWebhooksDbContext>().UseNpgsql("Host=127.0.0.1;Database=webhooks").Options);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Webhooks.Core.Persistence;

/// <summary>
/// How <c>dotnet ef</c> builds the context: Webhooks.Core is its own startup project, so the tools
/// need neither the console's host nor its configuration. Scaffolding a migration compares the model
/// with the snapshot and opens no database.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WebhooksDbContext>
{
    public WebhooksDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WebhooksDbContext>().UseSqlite("Data Source=webhooks.db").Options);
}

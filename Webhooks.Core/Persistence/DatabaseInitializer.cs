using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;

namespace Webhooks.Core.Persistence;

/// <summary>Creates or migrates the database, seeds the event catalog and imports configured endpoints, before the app serves anything.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    EventTypeService eventTypes,
    ConfiguredEndpointImporter configuredEndpoints,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                logger.LogInformation("Applying {Count} database migrations: {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }
        await eventTypes.SeedAsync(EventTypeCatalogConfiguration.Read(configuration), ct);
        await configuredEndpoints.ImportAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;

namespace Webhooks.Core.Persistence;

/// <summary>
/// The model of <see cref="WebhooksDbContext"/> on PostgreSQL. A type of its own only so that its
/// migrations (<c>Persistence/PostgreSqlMigrations</c>) are found for it and the SQLite ones are not:
/// EF Core picks migrations by context type. Everything else takes it as a <see cref="WebhooksDbContext"/>.
/// </summary>
public sealed class PostgreSqlWebhooksDbContext(DbContextOptions<PostgreSqlWebhooksDbContext> options) : WebhooksDbContext(options);

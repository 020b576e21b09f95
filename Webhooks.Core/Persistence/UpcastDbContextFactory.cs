using Microsoft.EntityFrameworkCore;

namespace Webhooks.Core.Persistence;

/// <summary>Hands out a provider's context type (<see cref="PostgreSqlWebhooksDbContext"/>) where the code asks for <see cref="WebhooksDbContext"/>.</summary>
internal sealed class UpcastDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<WebhooksDbContext>
    where TContext : WebhooksDbContext
{
    public WebhooksDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<WebhooksDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

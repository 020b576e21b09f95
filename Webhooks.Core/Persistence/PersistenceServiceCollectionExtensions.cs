using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Webhooks.Core.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database of <paramref name="provider"/>: a context factory for short-lived
    /// contexts (dispatcher, services) and a scoped context for Identity, both typed
    /// <see cref="WebhooksDbContext"/> whatever the provider, and what that database needs and
    /// nothing outside this folder knows of: SQLite's pragmas, its one-writer <see cref="WriteGate"/>
    /// and its <see cref="SqliteCheckpointer"/>; PostgreSQL's <see cref="PostgreSqlChangeFeed"/> between consoles
    /// (needs <c>AddWebhookDelivery</c>'s notifier) and a gate that orders nothing.
    /// </summary>
    public static IServiceCollection AddWebhooksPersistence(this IServiceCollection services, string connectionString, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        // Pooled: the dispatcher and publisher create a context per operation, thousands a second;
        // a pool hands back reset instances instead of building each one's services anew.
        if (provider == DatabaseProvider.PostgreSql)
        {
            services.AddPooledDbContextFactory<PostgreSqlWebhooksDbContext>(o => o.UseNpgsql(connectionString));
            services.AddSingleton<IDbContextFactory<WebhooksDbContext>, UpcastDbContextFactory<PostgreSqlWebhooksDbContext>>();
            services.AddScoped<WebhooksDbContext>(sp => sp.GetRequiredService<PostgreSqlWebhooksDbContext>());
        }
        else
        {
            var interceptor = new SqlitePragmaInterceptor();
            services.AddPooledDbContextFactory<WebhooksDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(interceptor));
        }
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new WriteGate(oneWriter: provider == DatabaseProvider.Sqlite));
        if (provider == DatabaseProvider.PostgreSql)
            services.AddHostedService<PostgreSqlChangeFeed>();
        else
        {
            services.AddSingleton<SqliteCheckpointer>();
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        }
        services.AddTransient<DatabaseInitializer>();
        services.AddSingleton(sp => new StartupLock(provider, connectionString, sp.GetService<ILogger<StartupLock>>() ?? NullLogger<StartupLock>.Instance));
        return services;
    }

    /// <summary>Makes a relative <c>Data Source</c> absolute against <paramref name="baseDirectory"/> and creates its folder.</summary>
    public static string ResolveSqlitePath(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(source, baseDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }
}

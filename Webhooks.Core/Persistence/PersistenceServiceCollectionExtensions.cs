using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Webhooks.Core.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite database: a context factory for short-lived contexts (dispatcher,
    /// services) and a scoped context for Identity.
    /// </summary>
    public static IServiceCollection AddWebhooksPersistence(this IServiceCollection services, string connectionString)
    {
        var interceptor = new SqlitePragmaInterceptor();
        void Configure(DbContextOptionsBuilder o) => o.UseSqlite(connectionString).AddInterceptors(interceptor);
        // Pooled: the dispatcher and publisher create a context per operation, thousands a second;
        // a pool hands back reset instances instead of building each one's services anew.
        services.AddPooledDbContextFactory<WebhooksDbContext>(Configure);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WriteGate>();
        services.AddTransient<DatabaseInitializer>();
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

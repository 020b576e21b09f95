using Microsoft.Data.Sqlite;
using Npgsql;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Hosting;

/// <summary>
/// Where the database, the Data Protection key ring and the background jobs' storage live.
/// On SQLite (the default) relative paths resolve against the content root (the project folder under
/// <c>dotnet run</c>), so the default database is <c>Webhooks.Console/webhooks.db</c>, its key ring
/// the folder <c>Webhooks.Console/keys/</c> (<c>Webhooks:DataProtection:KeysPath</c> moves it) and its
/// jobs <c>Webhooks.Console/webhooks-jobs.db</c>. On PostgreSQL (<c>Webhooks:Database:Provider</c>)
/// the jobs and the key ring live in the same database, shared by every console on it:
/// <see cref="JobsStorage"/> is its connection string, <see cref="KeysDirectory"/> is null, and a
/// <c>KeysPath</c> setting is only kept in <see cref="IgnoredKeysPath"/> for the start-up warning.
/// </summary>
/// <param name="Provider">The database's provider.</param>
/// <param name="ConnectionString">The database (SQLite with an absolute Data Source).</param>
/// <param name="KeysDirectory">The key ring's folder on SQLite; null on PostgreSQL, whose key ring is the table <c>DataProtectionKeys</c>.</param>
/// <param name="JobsStorage">Hangfire's SQLite file, or on PostgreSQL the database's connection string.</param>
public sealed record ConsolePaths(DatabaseProvider Provider, string ConnectionString, string? KeysDirectory, string JobsStorage)
{
    public const string DefaultConnectionString = "Data Source=webhooks.db";
    public const string ProviderKey = "Webhooks:Database:Provider";
    public const string KeysPathKey = "Webhooks:DataProtection:KeysPath";

    /// <summary><c>Webhooks:DataProtection:KeysPath</c> when it is set on PostgreSQL, where it has no effect; null otherwise.</summary>
    public string? IgnoredKeysPath { get; init; }

    /// <exception cref="InvalidOperationException">An unknown provider, or PostgreSQL without a usable connection string; the message names the key.</exception>
    public static ConsolePaths Resolve(IConfiguration configuration, string contentRoot)
    {
        var provider = ReadProvider(configuration);
        var configured = configuration.GetConnectionString("Webhooks");
        var keysPath = configuration[KeysPathKey] is { Length: > 0 } keysSetting ? Path.GetFullPath(keysSetting, contentRoot) : null;
        if (provider == DatabaseProvider.PostgreSql)
        {
            var connectionString = ReadPostgreSqlConnectionString(configured);
            return new ConsolePaths(provider, connectionString, null, connectionString) { IgnoredKeysPath = keysPath };
        }

        var sqlite = PersistenceServiceCollectionExtensions.ResolveSqlitePath(configured is { Length: > 0 } ? configured : DefaultConnectionString, contentRoot);
        var dataSource = new SqliteConnectionStringBuilder(sqlite).DataSource;
        var besideDatabase = Path.IsPathRooted(dataSource) ? Path.GetDirectoryName(dataSource)! : contentRoot;
        var jobs = configuration["Webhooks:Jobs:StoragePath"] is { Length: > 0 } jobsPath
            ? Path.GetFullPath(jobsPath, contentRoot)
            : Path.Combine(besideDatabase, JobsFileName(dataSource));
        return new ConsolePaths(provider, sqlite, keysPath ?? Path.Combine(besideDatabase, "keys"), jobs);
    }

    private static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
            return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderKey} must be Sqlite or PostgreSql (it is '{value}').");
    }

    private static string ReadPostgreSqlConnectionString(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException($"{ProviderKey} is PostgreSql, so ConnectionStrings:Webhooks must name the database, e.g. \"Host=127.0.0.1;Port=5432;Database=webhooks;Username=webhooks;Password=...\".");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(configured);
            if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database))
                throw new InvalidOperationException($"ConnectionStrings:Webhooks must give Host and Database for PostgreSQL (it gives Host '{builder.Host}', Database '{builder.Database}').");
            // The same few statements (publish, claim, settle) run thousands of times a second: once
            // Npgsql has seen one on a connection a few times it keeps it prepared on the server, which
            // doubled publish and dispatch rates in the bench. Left as given when the string sets it
            // (Max Auto Prepare=0 behind a pooler in transaction mode, which cannot keep prepared statements).
            if (!SetsKey(configured, "Max Auto Prepare", "MaxAutoPrepare"))
                builder.MaxAutoPrepare = 64;
            return builder.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:Webhooks is not a PostgreSQL connection string: {ex.Message}");
        }
    }

    private static bool SetsKey(string connectionString, params string[] names)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return names.Any(name => given.ContainsKey(name));
    }

    /// <summary><c>webhooks.db</c> → <c>webhooks-jobs.db</c>; an in-memory database gets <c>webhooks-jobs.db</c>.</summary>
    private static string JobsFileName(string dataSource)
    {
        var name = Path.GetFileNameWithoutExtension(dataSource);
        return (name is "" or ":memory:" ? "webhooks" : name) + "-jobs.db";
    }
}

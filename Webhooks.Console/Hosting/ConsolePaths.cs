using Microsoft.Data.Sqlite;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Hosting;

/// <summary>
/// Where the database and the Data Protection key ring live. Relative paths resolve against the
/// content root (the project folder under <c>dotnet run</c>), so the default database is
/// <c>Webhooks.Console/webhooks.db</c> and its keys <c>Webhooks.Console/keys/</c>.
/// </summary>
public sealed record ConsolePaths(string ConnectionString, string KeysDirectory)
{
    public const string DefaultConnectionString = "Data Source=webhooks.db";

    public static ConsolePaths Resolve(IConfiguration configuration, string contentRoot)
    {
        var connectionString = PersistenceServiceCollectionExtensions.ResolveSqlitePath(
            configuration.GetConnectionString("Webhooks") is { Length: > 0 } cs ? cs : DefaultConnectionString, contentRoot);
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var besideDatabase = Path.IsPathRooted(dataSource) ? Path.GetDirectoryName(dataSource)! : contentRoot;
        var keys = configuration["Webhooks:DataProtection:KeysPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, contentRoot)
            : Path.Combine(besideDatabase, "keys");
        return new ConsolePaths(connectionString, keys);
    }
}

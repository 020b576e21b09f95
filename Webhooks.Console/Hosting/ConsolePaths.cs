using Microsoft.Data.Sqlite;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Hosting;

/// <summary>
/// Where the database, the Data Protection key ring and the background jobs' storage live. Relative
/// paths resolve against the content root (the project folder under <c>dotnet run</c>), so the
/// default database is <c>Webhooks.Console/webhooks.db</c>, its keys <c>Webhooks.Console/keys/</c>
/// and its jobs <c>Webhooks.Console/webhooks-jobs.db</c>.
/// </summary>
public sealed record ConsolePaths(string ConnectionString, string KeysDirectory, string JobsStoragePath)
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
        var jobs = configuration["Webhooks:Jobs:StoragePath"] is { Length: > 0 } jobsPath
            ? Path.GetFullPath(jobsPath, contentRoot)
            : Path.Combine(besideDatabase, JobsFileName(dataSource));
        return new ConsolePaths(connectionString, keys, jobs);
    }

    /// <summary><c>webhooks.db</c> → <c>webhooks-jobs.db</c>; an in-memory database gets <c>webhooks-jobs.db</c>.</summary>
    private static string JobsFileName(string dataSource)
    {
        var name = Path.GetFileNameWithoutExtension(dataSource);
        return (name is "" or ":memory:" ? "webhooks" : name) + "-jobs.db";
    }
}

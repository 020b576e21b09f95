using Microsoft.Extensions.Configuration;
using Webhooks.Console.Hosting;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.Hosting;

/// <summary>Where the key ring lives per provider, and what the console adds to a PostgreSQL connection string.</summary>
public sealed class ConsolePathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("webhooks-paths-").FullName;

    [Fact]
    public void Resolve_PutsTheKeyRingInTheDatabaseAndSetsKeysPathAside_WhenTheProviderIsPostgreSql()
    {
        var paths = ConsolePaths.Resolve(Configuration(new()
        {
            [ConsolePaths.ProviderKey] = "PostgreSql",
            ["ConnectionStrings:Webhooks"] = "Host=127.0.0.1;Database=webhooks",
            [ConsolePaths.KeysPathKey] = "shared-keys",
        }), _root);

        Assert.Equal(DatabaseProvider.PostgreSql, paths.Provider);
        Assert.Null(paths.KeysDirectory);
        Assert.Equal(Path.Combine(_root, "shared-keys"), paths.IgnoredKeysPath);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=webhooks", 64)]
    [InlineData("Host=127.0.0.1;Database=webhooks;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Database=webhooks;maxautoprepare=10", 10)]
    public void Resolve_PreparesRepeatedStatementsUnlessTheStringSaysOtherwise_WhenTheProviderIsPostgreSql(string connectionString, int maxAutoPrepare)
    {
        var paths = ConsolePaths.Resolve(Configuration(new()
        {
            [ConsolePaths.ProviderKey] = "PostgreSql",
            ["ConnectionStrings:Webhooks"] = connectionString,
        }), _root);

        Assert.Equal(maxAutoPrepare, new Npgsql.NpgsqlConnectionStringBuilder(paths.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void Resolve_KeepsTheKeyRingInItsFolder_WhenTheProviderIsSqlite()
    {
        var beside = ConsolePaths.Resolve(Configuration(new() { ["ConnectionStrings:Webhooks"] = "Data Source=data/webhooks.db" }), _root);
        var moved = ConsolePaths.Resolve(Configuration(new() { [ConsolePaths.KeysPathKey] = "elsewhere/keys" }), _root);

        Assert.Equal(Path.Combine(_root, "data", "keys"), beside.KeysDirectory);
        Assert.Equal(Path.Combine(_root, "elsewhere", "keys"), moved.KeysDirectory);
        Assert.Null(beside.IgnoredKeysPath);
        Assert.Null(moved.IgnoredKeysPath);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

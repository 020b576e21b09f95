using Npgsql;
using Webhooks.Console.Hosting;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Bench;

/// <summary>
/// The bench's own throwaway database, removed at the end: a SQLite file in the bench's temp folder,
/// or on PostgreSQL a database created for the run on the server that <c>ConnectionStrings:Webhooks</c>
/// names (its role needs CREATEDB), so the operator's own database is never written.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _server;
    private readonly string? _name;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? server, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _server = server;
        _name = name;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>The settings a console on this database is given.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new(ConsolePaths.ProviderKey, Provider.ToString()),
        new("ConnectionStrings:Webhooks", ConnectionString),
    ];

    /// <param name="server">On PostgreSQL, the server to create the database on (<see cref="ServerConnectionString"/>).</param>
    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string directory, string? server)
    {
        if (provider == DatabaseProvider.Sqlite)
            return new BenchDatabase(provider, $"Data Source={Path.Combine(directory, "webhooks.db")}", null, null);

        ArgumentException.ThrowIfNullOrEmpty(server);
        var name = $"webhooks_bench_{Guid.NewGuid():N}"[..32];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new BenchDatabase(provider, database, server, name);
    }

    /// <summary>The PostgreSQL server to create the bench's database on: <c>ConnectionStrings:Webhooks</c>, checked as the console checks it.</summary>
    /// <exception cref="ArgumentException">Not set, or not a PostgreSQL connection string with a host.</exception>
    public static string ServerConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Webhooks");
        const string Hint = "bench --provider postgresql creates a database for the run on the server that ConnectionStrings:Webhooks names, e.g. ConnectionStrings__Webhooks=\"Host=127.0.0.1;Port=5432;Database=postgres;Username=webhooks;Password=...\" (the role needs CREATEDB).";
        if (string.IsNullOrWhiteSpace(configured))
            throw new ArgumentException($"ConnectionStrings:Webhooks is not set. {Hint}");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"ConnectionStrings:Webhooks is not a PostgreSQL connection string ({ex.Message}). {Hint}");
        }
        return string.IsNullOrEmpty(builder.Host)
            ? throw new ArgumentException($"ConnectionStrings:Webhooks gives no Host. {Hint}")
            : builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

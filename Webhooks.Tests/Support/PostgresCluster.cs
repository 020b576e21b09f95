using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Webhooks.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's binaries (<c>postgresql</c>, installed by test.sh),
/// listening on a free loopback port with its socket in its own folder; the machine's own cluster, if
/// any, is never touched. One cluster serves the whole test run (<see cref="Shared"/>), each test gets
/// its own database (<see cref="CreateDatabaseAsync"/>), and the cluster is stopped and removed when the
/// run ends. Durability is off (<c>fsync=off</c>): a test's database lives only as long as the run.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> SharedCluster = new(StartAsync);
    private static int _databases;

    private readonly string _root;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    /// <summary>The port the cluster listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    private PostgresCluster(string root, string bin, int port, bool asPostgresUser)
    {
        _root = root;
        _bin = bin;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The run's cluster, started on first use and removed when the test process ends.</summary>
    public static Task<PostgresCluster> Shared => SharedCluster.Value;

    /// <summary>A connection string to <paramref name="database"/> as the superuser (trust authentication, loopback only).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ConnectionString;

    /// <summary>Creates an empty database with a name unique in this run and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "webhooks")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("webhooks-pg-").FullName;
        // initdb refuses to run as root; Debian's package brings the postgres user.
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
            await RunAsync("chown", ["postgres:postgres", root]);
        var cluster = new PostgresCluster(root, bin, FreePort(), asPostgresUser);
        await cluster.RunToolAsync("initdb", ["-D", cluster.DataDirectory, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        var serverOptions = $"-p {cluster.Port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await cluster.RunToolAsync("pg_ctl", ["-D", cluster.DataDirectory, "-o", serverOptions, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "start"]);
        await cluster.RemoveWhenThisProcessEndsAsync();
        return cluster;
    }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>
    /// Stops the cluster and removes its folder once this process has ended, however it ends: the
    /// test host is killed moments after its last test (too soon for a ProcessExit handler to stop a
    /// server), and a run may be killed outright. A detached shell waits for our pid, then cleans up.
    /// </summary>
    private async Task RemoveWhenThisProcessEndsAsync()
    {
        var stop = $"{Path.Combine(_bin, "pg_ctl")} -D {DataDirectory} -m immediate stop";
        if (_asPostgresUser)
            stop = "runuser -u postgres -- " + stop;
        var watcher = $"tail --pid={Environment.ProcessId} -f /dev/null; {stop}; rm -rf {_root}";
        // The inner shell is left to init when the outer one exits, so killing our process tree spares it.
        await RunAsync("/bin/sh", ["-c", $"setsid /bin/sh -c '{watcher}' </dev/null >/dev/null 2>&1 &"]);
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> args)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}{await error}");
    }

    private static string FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault() ?? throw NotInstalled()
            : throw NotInstalled();

    private static InvalidOperationException NotInstalled() =>
        new("PostgreSQL's server binaries are missing (/usr/lib/postgresql/*/bin/initdb): run the tests through Webhooks.Tests/test.sh, which installs Debian's postgresql package.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

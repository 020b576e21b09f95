using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Webhooks.Tests.EndToEnd;

/// <summary>
/// The real console as a child process on a temp SQLite file (or the database its arguments name),
/// listening on a free loopback port. Tests drive it over HTTP and in Chromium exactly as a person would.
/// </summary>
public sealed partial class ConsoleProcess : IAsyncDisposable
{
    private const string ConnectionStringArgument = "--ConnectionStrings:Webhooks=";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    // Every console still running, ended when the test run ends however its tests ended: one left behind
    // keeps its dispatcher and web server running for good and slows every run after it.
    private static readonly ConcurrentDictionary<ConsoleProcess, byte> Running = new();

    static ConsoleProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var console in Running.Keys)
            console.KillQuietly();
    };

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl { get; private set; } = "";
    public string DataDirectory { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "webhooks.db");
    public string Log { get { lock (_log) return _log.ToString(); } }

    private ConsoleProcess(string dataDirectory, IEnumerable<string> args)
    {
        DataDirectory = dataDirectory;
        var start = new ProcessStartInfo(ExecutablePath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(dataDirectory);
        // Arguments that name another database (PostgreSQL) replace the SQLite file; the data folder stays the content root.
        if (!args.Any(a => a.StartsWith(ConnectionStringArgument, StringComparison.Ordinal)))
            start.ArgumentList.Add($"{ConnectionStringArgument}Data Source={Path.Combine(dataDirectory, "webhooks.db")}");
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException("The console exited before listening:\n" + Log));
    }

    /// <summary>
    /// Starts the console; <paramref name="args"/> are extra configuration such as <c>--Webhooks:Delivery:AllowHttp=true</c>,
    /// or <see cref="PostgreSqlArguments"/> for a PostgreSQL database instead of the SQLite file in <paramref name="dataDirectory"/>.
    /// </summary>
    public static async Task<ConsoleProcess> StartAsync(string? dataDirectory = null, params string[] args)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("webhooks-e2e-").FullName;
        var console = new ConsoleProcess(dataDirectory, args);
        console._process.Start();
        Running.TryAdd(console, 0);
        console._process.BeginOutputReadLine();
        console._process.BeginErrorReadLine();
        try
        {
            console.BaseUrl = await console._listening.Task.WaitAsync(StartTimeout);
        }
        catch (Exception e)
        {
            // Nobody would dispose a console that never answered: end it here, or it runs on after the tests.
            await console.DisposeAsync();
            if (e is TimeoutException)
                throw new TimeoutException($"The console did not listen within {StartTimeout.TotalSeconds:0} s:\n{console.Log}", e);
            throw;
        }
        return console;
    }

    /// <summary>The arguments that put a console on the PostgreSQL database at <paramref name="connectionString"/>.</summary>
    public static string[] PostgreSqlArguments(string connectionString) =>
        ["--Webhooks:Database:Provider=PostgreSql", ConnectionStringArgument + connectionString];

    /// <summary>The process id, to tell this console's connections from another's.</summary>
    public int ProcessId => _process.Id;

    /// <summary>An HTTP client for this console, with <c>Authorization: Bearer</c> when given an API key.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Ends the process the hard way, as a crash would (SIGKILL: no shutdown code runs).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// Asks the console to shut down as an operator's stop would (SIGTERM) and waits until it has exited
    /// and its output is read to the end: then <see cref="Log"/> holds every line it will ever write.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            if (term.ExitCode != 0 && !_process.HasExited)
                throw new InvalidOperationException($"SIGTERM to the console (pid {_process.Id}) failed.");
        }
        using var limit = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(limit.Token); // also waits for the end of stdout and stderr
    }

    public async ValueTask DisposeAsync()
    {
        if (!Running.TryRemove(this, out _))
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void KillQuietly()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already gone
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } m)
            _listening.TrySetResult(m.Groups[1].Value);
    }

    /// <summary>The console's own build output (same configuration as these tests), built with the solution.</summary>
    private static string ExecutablePath()
    {
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        // .../Webhooks.Tests/bin/<Configuration>/<tfm> (framework-dependent: no runtime identifier folder)
        var parts = testBin.Split(Path.DirectorySeparatorChar);
        var binIndex = Array.LastIndexOf(parts, "bin");
        var root = string.Join(Path.DirectorySeparatorChar, parts[..(binIndex - 1)]);
        var tail = string.Join(Path.DirectorySeparatorChar, parts[(binIndex + 1)..]);
        var path = Path.Combine(root, "Webhooks.Console", "bin", tail, "Webhooks.Console");
        if (!File.Exists(path))
            throw new FileNotFoundException("Build the solution first: the console's executable is missing.", path);
        return path;
    }
}

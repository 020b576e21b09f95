using System.Diagnostics;
using System.Text.Json;

namespace Webhooks.Tests.Support;

/// <summary>
/// Runs <c>Webhooks.Tests/interop/verify.mjs</c> (receiver libraries on npm) against a captured
/// delivery. Installs the npm packages once, under a lock, when node_modules is missing.
/// </summary>
public static class NodeInterop
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string Directory { get; } = FindInteropDirectory();

    /// <returns>Exit code 0 when the library accepted the delivery, and what it printed.</returns>
    public static async Task<(int ExitCode, string Output)> VerifyAsync(string scheme, string secret, string body, IReadOnlyDictionary<string, string> headers)
    {
        await EnsureInstalledAsync();
        var input = JsonSerializer.Serialize(new { scheme, secret, body, headers });
        return await RunAsync("node", ["verify.mjs"], input);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "standardwebhooks"))
                && System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@octokit", "webhooks-methods")))
                return;
            // A file lock too, in case two test processes start at once.
            await using var lockFile = new FileStream(Path.Combine(Path.GetTempPath(), "webhooks-interop-npm.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            var (code, output) = await RunAsync("npm", ["install", "--prefix", Directory, "--no-audit", "--no-fund"], null, TimeSpan.FromMinutes(3));
            if (code != 0)
                throw new InvalidOperationException("npm install failed: " + output);
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int, string)> RunAsync(string file, string[] args, string? stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Directory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string FindInteropDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Webhooks.Tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
                return candidate;
        }
        throw new DirectoryNotFoundException("Webhooks.Tests/interop not found above " + AppContext.BaseDirectory);
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Webhooks.Console.Bench;

/// <summary>
/// <c>bench --endpoints 1,8,64</c>: the whole bench once per endpoint count, each in a process of its
/// own (this program again, with that one count), so every line's peak RSS, CPU and caches are its
/// own and not what the lines before it left. The children's JSON lines are passed on in order;
/// their progress goes straight to stderr.
/// </summary>
public static class SweepRun
{
    /// <param name="args">The command line after the program, <c>bench</c> first.</param>
    /// <param name="counts">The endpoint counts, in order.</param>
    /// <returns>1 when a line lost a delivery or a signature failed; a child's own exit code when it printed no line (a phase ran out of time), which ends the sweep.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyList<int> counts)
    {
        var exitCode = 0;
        foreach (var count in counts)
        {
            using var child = Process.Start(ChildStart(args, count))
                ?? throw new InvalidOperationException($"Could not start the bench for {count} endpoints.");
            var lines = 0;
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                System.Console.Out.WriteLine(line);
                lines++;
            }
            await child.WaitForExitAsync();
            if (lines == 0)
                return child.ExitCode == 0 ? 1 : child.ExitCode;
            if (child.ExitCode != 0)
                exitCode = 1;
        }
        return exitCode;
    }

    /// <summary>This program (through <c>dotnet</c> when it was started so) with <paramref name="args"/>, the endpoints set to <paramref name="count"/>.</summary>
    private static ProcessStartInfo ChildStart(IReadOnlyList<string> args, int count)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(SweepRun).Assembly.Location);
        for (var i = 0; i < args.Count; i++)
        {
            start.ArgumentList.Add(args[i]);
            if (args[i] == "--endpoints" && i + 1 < args.Count)
                {
                start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
                i++;
            }
        }
        return start;
    }
}

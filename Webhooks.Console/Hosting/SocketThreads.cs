using System.Globalization;
using System.Runtime.InteropServices;

namespace Webhooks.Console.Hosting;

/// <summary>
/// How many threads wait for socket events (epoll on Linux): two on a machine of few cores, where
/// .NET starts one (one per 30 cores). With one, a pool thread that sends wakes that thread onto its
/// own CPU, takes the event it queues and carries the next request on itself, while the pool's other
/// thread sleeps. With one endpoint's eight requests in flight, the two-core bench machine stood idle
/// for 10–11 % of its CPU time while the dispatcher ran flat out (0.8–4.5 % during the bare posts);
/// with two threads, 4.9–7.9 %, and the sweep's ratio to the bare posts rose from 0.495 to 0.528 on
/// average (four alternated sweeps each). An operator's own <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> is
/// left as it is.
/// </summary>
public static class SocketThreads
{
    /// <summary>The variable .NET reads once, before its first socket is opened.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>Sets two threads where <see cref="Choose"/> says so. Call before any socket is opened.</summary>
    public static void UseTwoOnSmallMachines()
    {
        var arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
        if (Choose(Environment.GetEnvironmentVariable(Variable), Environment.ProcessorCount, arm) is { } count)
            Environment.SetEnvironmentVariable(Variable, count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Two, unless the operator chose (<paramref name="current"/>), the machine has one core, or .NET starts two or more anyway; else null.</summary>
    public static int? Choose(string? current, int cores, bool arm) =>
        current is null && cores >= 2 && DotNetDefault(cores, arm) < 2 ? 2 : null;

    /// <summary>.NET's own count: one thread per 30 cores (8 on Arm), at least one.</summary>
    private static int DotNetDefault(int cores, bool arm) => Math.Max(1, (int)Math.Round(cores / (arm ? 8.0 : 30.0)));
}

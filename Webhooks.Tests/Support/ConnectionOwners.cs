using System.Globalization;

namespace Webhooks.Tests.Support;

/// <summary>
/// Which of some processes holds the client end of a loopback TCP connection, read from Linux's
/// <c>/proc</c>: the socket's inode from <c>/proc/net/tcp</c> (by its local and remote port), then
/// the process whose file descriptors include that socket. Lets a receiver tell two consoles' sends
/// apart without anything in the requests themselves. Ask while the connection is open.
/// </summary>
public static class ConnectionOwners
{
    /// <summary>The pid among <paramref name="pids"/> whose socket is 127.0.0.1:<paramref name="clientPort"/> → :<paramref name="serverPort"/>; null when none (closed, or someone else's).</summary>
    public static int? Find(int clientPort, int serverPort, IEnumerable<int> pids)
    {
        var inode = SocketInode(clientPort, serverPort);
        if (inode is null)
            return null;
        var target = $"socket:[{inode}]";
        foreach (var pid in pids)
        {
            try
            {
                if (Directory.EnumerateFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget == target))
                    return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended (or a descriptor closed) while being read: not this one.
            }
        }
        return null;
    }

    // Lines read "sl local_address rem_address st ... inode": addresses as hex IP:PORT.
    private static string? SocketInode(int clientPort, int serverPort)
    {
        var local = $":{clientPort:X4}";
        var remote = $":{serverPort:X4}";
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[2].EndsWith(remote, StringComparison.Ordinal)
                && long.Parse(fields[9], CultureInfo.InvariantCulture) != 0)
                return fields[9];
        }
        return null;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Webhooks.Tests.Support;

/// <summary>
/// A receiver on a bare loopback socket that answers every request with a 200 and a body of
/// <c>bodyBytes</c>. Kestrel quietly discards writes once a client has hung up, so it cannot tell "the
/// client read it all" from "the client left"; a socket can: writing to a closed connection fails.
/// </summary>
public sealed class FloodingReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly long _bodyBytes;
    private readonly Task _accepting;
    private int _completed;
    private int _cutOff;

    public FloodingReceiver(long bodyBytes)
    {
        _bodyBytes = bodyBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
    /// <summary>Bodies written to the end: the client read (or buffered) all of it.</summary>
    public int Completed => Volatile.Read(ref _completed);
    /// <summary>Bodies the client hung up on before the end.</summary>
    public int CutOff => Volatile.Read(ref _cutOff);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(() => FloodAsync(socket));
        }
    }

    private async Task FloodAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        try
        {
            // The request's head and its small body arrive in the first reads; their content does not matter here.
            var buffer = new byte[16 * 1024];
            var head = new StringBuilder();
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                    return;
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {_bodyBytes}\r\n\r\n"), _stop.Token);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            for (var written = 0L; written < _bodyBytes; written += chunk.Length)
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, _bodyBytes - written)), _stop.Token);
            Interlocked.Increment(ref _completed);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            Interlocked.Increment(ref _cutOff);
        }
        catch (OperationCanceledException)
        {
            // disposed mid-write: neither outcome
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Webhooks.Core.Delivery.Outbound;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the outbound clients. Resolves the host
/// itself and checks every address before connecting, so a name that resolves to a private
/// address (DNS rebinding included) is refused at the moment of connecting, not at validation.
/// </summary>
public sealed class GuardedConnector(Func<string, int, bool> mayConnectPrivately, ILogger logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);

        IPAddress[] allowed = addresses;
        if (!mayConnectPrivately(host, port))
        {
            allowed = addresses.Where(a => !AddressClassifier.IsBlocked(a)).ToArray();
            if (allowed.Length == 0)
            {
                var detail = string.Join(", ", addresses.Select(a => $"{a} ({AddressClassifier.Classify(a)})"));
                logger.LogWarning("Refused to connect to {Host}:{Port}: it resolves only to non-public addresses {Addresses}", host, port, detail);
                throw new BlockedAddressException(host, detail);
            }
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception ex) when (ex is SocketException)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}

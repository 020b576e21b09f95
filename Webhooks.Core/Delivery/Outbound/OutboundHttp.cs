using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery.Outbound;

/// <summary>
/// The two long-lived HTTP clients of the dispatcher. The guarded one serves every endpoint; the
/// exempt one serves only URLs <see cref="IOutboundExemptions"/> allows (the console's own inbox),
/// and even it connects to private addresses only for exempt host:port pairs. Separate handlers
/// keep their connection pools apart.
/// </summary>
public sealed class OutboundHttp : IDisposable
{
    private readonly DeliveryOptions _options;
    private readonly IOutboundExemptions _exemptions;

    public OutboundHttp(IOptions<DeliveryOptions> options, IOutboundExemptions exemptions, ILogger<OutboundHttp> logger)
    {
        _options = options.Value;
        _exemptions = exemptions;
        var allowPrivate = _options.AllowPrivateNetworks;
        Guarded = new HttpClient(CreateHandler(new GuardedConnector((_, _) => allowPrivate, logger)), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        Exempt = new HttpClient(CreateHandler(new GuardedConnector((h, p) => allowPrivate || exemptions.IsExemptConnection(h, p), logger)), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Guarded { get; }
    public HttpClient Exempt { get; }

    /// <summary>The client for this URL, or null with a reason when the URL may not be called at all.</summary>
    public (HttpClient? Client, string? Refusal) Choose(Uri url)
    {
        if (_exemptions.IsExempt(url))
            return (Exempt, null);
        if (url.Scheme == Uri.UriSchemeHttps)
            return (Guarded, null);
        if (url.Scheme == Uri.UriSchemeHttp)
            return _options.AllowHttp ? (Guarded, null) : (null, "http URLs are not allowed (Webhooks:Delivery:AllowHttp is off); use https");
        return (null, $"URL scheme '{url.Scheme}' is not supported");
    }

    private static SocketsHttpHandler CreateHandler(GuardedConnector connector) => new()
    {
        // A redirect would lead past the address checks done for the original URL's host.
        AllowAutoRedirect = false,
        // A proxy would make the connect callback see the proxy's address instead of the receiver's.
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = int.MaxValue,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = connector.ConnectAsync,
    };

    public void Dispose()
    {
        Guarded.Dispose();
        Exempt.Dispose();
    }
}

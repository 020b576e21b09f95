using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery.Outbound;

/// <inheritdoc cref="IOutboundExemptions"/>
public sealed class OutboundExemptions : IOutboundExemptions
{
    public const string InboxPathPrefix = "/inbox/";

    private readonly Uri[] _configured;
    private volatile Uri[] _self = [];
    private readonly object _gate = new();

    public OutboundExemptions(IOptions<DeliveryOptions> options)
    {
        _configured = options.Value.AllowedLocalOrigins
            .Select(o => Uri.TryCreate(o, UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>()
            .ToArray();
    }

    public bool IsExempt(Uri url)
    {
        if (_configured.Any(o => SameOrigin(o, url)))
            return true;
        // Only the inbox path, so a loopback console does not expose its own API or pages to deliveries.
        return url.AbsolutePath.StartsWith(InboxPathPrefix, StringComparison.Ordinal) && _self.Any(o => SameOrigin(o, url));
    }

    public bool IsExemptConnection(string host, int port) =>
        _configured.Concat(_self).Any(o => string.Equals(HostOf(o), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && o.Port == port);

    public void RegisterSelfOrigin(Uri baseAddress)
    {
        var origin = new Uri(baseAddress.GetLeftPart(UriPartial.Authority));
        lock (_gate)
        {
            if (!_self.Any(o => SameOrigin(o, origin)))
                _self = [.. _self, origin];
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(HostOf(a), HostOf(b), StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    // IPv6 literals come with brackets from some APIs and without from others.
    private static string HostOf(Uri uri) => uri.IdnHost.Trim('[', ']');
}

namespace Webhooks.Core.Inbox;

/// <summary>
/// The addresses this console listens on, known once the server has started (port 0 in tests).
/// The demo endpoint points at the first of them; each is registered as an outbound exemption so
/// deliveries to the console's own inbox get through.
/// </summary>
public sealed class ConsoleOrigin
{
    private volatile IReadOnlyList<Uri> _origins = [];

    public IReadOnlyList<Uri> Origins => _origins;

    /// <summary>Records the listening addresses; wildcard hosts (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) are reached on loopback.</summary>
    public void Set(IEnumerable<string> addresses)
    {
        var origins = new List<Uri>();
        foreach (var address in addresses)
        {
            var normalized = address.Replace("://+:", "://127.0.0.1:").Replace("://*:", "://127.0.0.1:")
                .Replace("://0.0.0.0:", "://127.0.0.1:").Replace("://[::]:", "://127.0.0.1:");
            if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
            {
                origins.Add(new Uri(uri.GetLeftPart(UriPartial.Authority)));
                if (uri.IsLoopback && uri.Host != "localhost")
                    origins.Add(new UriBuilder(uri) { Host = "localhost" }.Uri);
            }
        }
        _origins = origins;
    }

    /// <summary>The base address to give a demo endpoint: the first plain-http origin, else the first one.</summary>
    public Uri? Preferred => _origins.FirstOrDefault(o => o.Scheme == Uri.UriSchemeHttp && o.Host != "localhost") ?? _origins.FirstOrDefault();

}

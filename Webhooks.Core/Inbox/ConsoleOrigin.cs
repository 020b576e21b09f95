namespace Webhooks.Core.Inbox;

/// <summary>
/// The addresses this console listens on, set once the server has started. Deliveries to the
/// console's own inbox are the one exception to the outbound rules (https only, no loopback): they
/// let a new install see a delivery arrive with no other server.
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

    /// <summary>Whether <paramref name="url"/> is an inbox of this very console (same scheme, host and port, path <c>/inbox/{token}</c>).</summary>
    public bool IsOwnInbox(Uri url) =>
        InboxService.TokenOf(url.ToString()) is not null
        && string.IsNullOrEmpty(url.Query)
        && _origins.Any(o => o.Scheme == url.Scheme && string.Equals(o.Host, url.Host, StringComparison.OrdinalIgnoreCase) && o.Port == url.Port);
}

namespace Webhooks.Core.Endpoints;

/// <summary>
/// The outbound rules the endpoint form needs at validation time: <c>Webhooks:Delivery:AllowHttp</c>,
/// and the exemptions (the console's own inbox, configured local origins) that may use plain http.
/// </summary>
public sealed record EndpointRules(bool AllowHttp, Func<Uri, bool>? IsExempt = null)
{
    public bool IsOwnInbox(string url) => IsExempt is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsExempt(uri);
}

using Webhooks.Core.Inbox;

namespace Webhooks.Core.Endpoints;

/// <summary>
/// The outbound rules the endpoint form needs at validation time: <c>Webhooks:Delivery:AllowHttp</c>,
/// and the console's own inbox, which is allowed whatever that says.
/// </summary>
public sealed record EndpointRules(bool AllowHttp, ConsoleOrigin? Origin = null)
{
    public bool IsOwnInbox(string url) => Origin is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && Origin.IsOwnInbox(uri);
}

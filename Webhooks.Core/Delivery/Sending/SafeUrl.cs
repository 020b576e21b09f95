namespace Webhooks.Core.Delivery.Sending;

/// <summary>URLs as logs may show them: query strings and user info often carry tokens, so they are cut.</summary>
public static class SafeUrl
{
    public static string ForLog(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : "(invalid URL)";
}

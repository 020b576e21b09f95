using Webhooks.Core.Common;
using Webhooks.Core.Endpoints;

namespace Webhooks.Console.Api;

/// <summary>The API's spellings of the endpoint enums (<c>hmac-sha256</c>, <c>bearer</c>).</summary>
public static class WebhookEnums
{
    public static string SchemeName(SignatureScheme scheme) => scheme == SignatureScheme.StandardWebhooks ? "standard-webhooks" : "hmac-sha256";

    public static string AuthName(AuthMode mode) => mode.ToString().ToLowerInvariant();

    public static SignatureScheme ParseScheme(string value) => value.ToLowerInvariant() switch
    {
        "hmac-sha256" => SignatureScheme.HmacSha256,
        "standard-webhooks" => SignatureScheme.StandardWebhooks,
        _ => throw ValidationFailedException.For("signatureScheme", "Use 'hmac-sha256' or 'standard-webhooks'."),
    };

    public static AuthMode ParseAuth(string value) => value.ToLowerInvariant() switch
    {
        "none" => AuthMode.None,
        "basic" => AuthMode.Basic,
        "bearer" => AuthMode.Bearer,
        _ => throw ValidationFailedException.For("authMode", "Use 'none', 'basic' or 'bearer'."),
    };
}

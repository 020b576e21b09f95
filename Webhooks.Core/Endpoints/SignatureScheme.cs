namespace Webhooks.Core.Endpoints;

public enum SignatureScheme
{
    /// <summary><c>X-Webhook-Signature: sha256=&lt;hex&gt;</c> over the raw body (GitHub's format).</summary>
    HmacSha256 = 0,
    /// <summary>The Standard Webhooks spec: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>.</summary>
    StandardWebhooks = 1,
}

using System.Security.Cryptography;
using System.Text;
using Webhooks.Core.Endpoints;

namespace Webhooks.Core.Delivery.Sending;

/// <summary>Signature headers for each scheme, over exactly the bytes that are sent.</summary>
public sealed class WebhookSigner
{
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string PreviousSignatureHeader = "X-Webhook-Signature-Previous";
    public const string StandardIdHeader = "webhook-id";
    public const string StandardTimestampHeader = "webhook-timestamp";
    public const string StandardSignatureHeader = "webhook-signature";

    /// <param name="previousSecret">The secret being rotated out, while it is still honoured; null otherwise.</param>
    public IEnumerable<KeyValuePair<string, string>> Sign(SignatureScheme scheme, string messageId, long timestamp, byte[] body, string secret, string? previousSecret)
    {
        switch (scheme)
        {
            case SignatureScheme.StandardWebhooks:
                var signatures = string.Join(' ', new[] { secret, previousSecret }.OfType<string>().Select(s => "v1," + StandardWebhooks(s, messageId, timestamp, body)));
                yield return new(StandardIdHeader, messageId);
                yield return new(StandardTimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                yield return new(StandardSignatureHeader, signatures);
                break;
            default:
                yield return new(SignatureHeader, "sha256=" + HmacSha256Hex(secret, body));
                // Receivers still holding the old secret keep verifying during the rotation window.
                if (previousSecret is not null)
                    yield return new(PreviousSignatureHeader, "sha256=" + HmacSha256Hex(previousSecret, body));
                break;
        }
    }

    /// <summary>GitHub's format: lowercase hex HMAC-SHA256 keyed with the UTF-8 bytes of the whole secret (prefix included).</summary>
    public static string HmacSha256Hex(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Standard Webhooks: base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed with the secret's base64-decoded bytes.</summary>
    public static string StandardWebhooks(string secret, string messageId, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content, prefix.Length);
        return Convert.ToBase64String(HMACSHA256.HashData(EndpointSecret.StandardWebhooksKey(secret), content));
    }
}

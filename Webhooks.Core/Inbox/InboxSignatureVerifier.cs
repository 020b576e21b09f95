using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Inbox;

/// <summary>
/// Checks an inbox request as a receiver would: against the secret of the endpoint whose URL points
/// at the inbox, by that endpoint's signature scheme.
/// </summary>
public sealed class InboxSignatureVerifier(ISecretProtector protector)
{
    public async Task<(SignatureCheck Check, string? EndpointId)> CheckAsync(
        WebhooksDbContext db, string token, IReadOnlyDictionary<string, string> headers, byte[] body, bool truncated, CancellationToken ct)
    {
        var suffix = InboxService.PathPrefix + token;
        var candidates = await db.Endpoints.AsNoTracking().Where(e => e.Url.Contains(suffix)).ToListAsync(ct);
        var endpoint = candidates.FirstOrDefault(e => InboxService.TokenOf(e.Url) == token);
        if (endpoint is null)
            return (SignatureCheck.NoEndpoint, null);
        if (truncated)
            return (SignatureCheck.Invalid, endpoint.Id);

        var secrets = new List<string> { protector.Unprotect(endpoint.SecretProtected) };
        if (endpoint.PreviousSecretProtected is { } previous && endpoint.PreviousSecretExpiresAt > DateTime.UtcNow)
            secrets.Add(protector.Unprotect(previous));
        var valid = endpoint.SignatureScheme == SignatureScheme.StandardWebhooks
            ? secrets.Any(s => StandardWebhooksValid(s, headers, body))
            : secrets.Any(s => HmacValid(s, headers, body));
        return (valid ? SignatureCheck.Valid : SignatureCheck.Invalid, endpoint.Id);
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool HmacValid(string secret, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        if (Header(headers, "X-Webhook-Signature") is not { } signature || !signature.StartsWith("sha256=", StringComparison.Ordinal))
            return false;
        var expected = Encoding.ASCII.GetBytes("sha256=" + WebhookSigner.HmacSha256Hex(secret, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private static bool StandardWebhooksValid(string secret, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        if (Header(headers, "webhook-id") is not { } id || Header(headers, "webhook-timestamp") is not { } timestamp || Header(headers, "webhook-signature") is not { } signatures)
            return false;
        if (!long.TryParse(timestamp, out var seconds))
            return false;
        var expected = Encoding.ASCII.GetBytes("v1," + WebhookSigner.StandardWebhooks(secret, id, seconds, body));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }
}

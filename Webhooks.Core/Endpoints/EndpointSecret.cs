using System.Security.Cryptography;

namespace Webhooks.Core.Endpoints;

/// <summary>Signing secrets: <c>whsec_</c> + base64 of 32 random bytes, shown afterwards only as a hint.</summary>
public static class EndpointSecret
{
    public const string Prefix = "whsec_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary><c>whsec_a1b2…c3d4</c>: enough to tell secrets apart, not enough to use one.</summary>
    public static string Hint(string secret)
    {
        var body = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var prefix = secret.StartsWith(Prefix, StringComparison.Ordinal) ? Prefix : "";
        return body.Length <= 8 ? prefix + "…" : prefix + body[..4] + "…" + body[^4..];
    }

    /// <summary>
    /// The HMAC key for Standard Webhooks: the base64 after <c>whsec_</c>. A secret that is not
    /// base64 (declared by hand in configuration) is used as its UTF-8 bytes.
    /// </summary>
    public static byte[] StandardWebhooksKey(string secret)
    {
        var body = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[body.Length];
        return Convert.TryFromBase64String(body, buffer, out var written) ? buffer[..written] : System.Text.Encoding.UTF8.GetBytes(secret);
    }
}

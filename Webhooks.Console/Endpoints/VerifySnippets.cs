using Webhooks.Core.Endpoints;

namespace Webhooks.Console.Endpoints;

/// <summary>
/// Receiver code that checks this product's signatures, ready to paste, per scheme and language.
/// Kept as plain strings so the page shows them as text and tests can run them.
/// </summary>
public static class VerifySnippets
{
    public static IReadOnlyList<(string Language, string Code)> For(SignatureScheme scheme) => scheme == SignatureScheme.StandardWebhooks
        ? [("Python", StandardPython), ("Node.js", StandardNode), ("C#", StandardCSharp)]
        : [("Python", HmacPython), ("Node.js", HmacNode), ("C#", HmacCSharp)];

    private const string HmacPython = """
        import hashlib, hmac

        def verify(raw_body: bytes, signature_header: str, secret: str) -> bool:
            # X-Webhook-Signature: sha256=<hex>, over the raw request body, keyed by the whole secret (whsec_...).
            expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
            return hmac.compare_digest(expected, signature_header)

        # Flask: verify(request.get_data(), request.headers["X-Webhook-Signature"], SECRET)
        # De-duplicate on the X-Webhook-ID header: retries carry the same event id.
        """;

    private const string HmacNode = """
        // npm install @octokit/webhooks-methods   (or use node:crypto as below)
        const crypto = require("node:crypto");

        function verify(rawBody, signatureHeader, secret) {
          const expected = "sha256=" + crypto.createHmac("sha256", secret).update(rawBody).digest("hex");
          const a = Buffer.from(expected), b = Buffer.from(signatureHeader || "");
          return a.length === b.length && crypto.timingSafeEqual(a, b);
        }

        // Express: app.post("/webhook", express.raw({ type: "application/json" }), (req, res) => {
        //   if (!verify(req.body, req.get("X-Webhook-Signature"), process.env.WEBHOOK_SECRET)) return res.sendStatus(401);
        //   res.sendStatus(204);
        // });
        """;

    private const string HmacCSharp = """
        using System.Security.Cryptography;
        using System.Text;

        static bool Verify(byte[] rawBody, string signatureHeader, string secret)
        {
            var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody)).ToLowerInvariant();
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signatureHeader ?? ""));
        }
        """;

    private const string StandardPython = """
        # pip install standardwebhooks
        from standardwebhooks.webhooks import Webhook

        wh = Webhook(SECRET)  # the whole whsec_... secret
        # Raises on a bad signature or a timestamp older than 5 minutes:
        payload = wh.verify(raw_body, {
            "webhook-id": headers["webhook-id"],
            "webhook-timestamp": headers["webhook-timestamp"],
            "webhook-signature": headers["webhook-signature"],
        })
        """;

    private const string StandardNode = """
        // npm install standardwebhooks
        import { Webhook } from "standardwebhooks";

        const wh = new Webhook(process.env.WEBHOOK_SECRET); // the whole whsec_... secret
        // Throws on a bad signature or a stale timestamp; rawBody must be the exact bytes received.
        const payload = wh.verify(rawBody, {
          "webhook-id": req.get("webhook-id"),
          "webhook-timestamp": req.get("webhook-timestamp"),
          "webhook-signature": req.get("webhook-signature"),
        });
        """;

    private const string StandardCSharp = """
        using System.Security.Cryptography;
        using System.Text;

        static bool Verify(string rawBody, string id, string timestamp, string signatures, string secret)
        {
            if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) > 300) return false;
            var key = Convert.FromBase64String(secret.StartsWith("whsec_") ? secret[6..] : secret);
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{rawBody}")));
            // During a secret rotation several signatures are sent, space-separated: any one may match.
            return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
        }
        """;
}

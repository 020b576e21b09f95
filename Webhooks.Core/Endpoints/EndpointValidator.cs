using System.Text.RegularExpressions;
using Webhooks.Core.Common;
using Webhooks.Core.Events;

namespace Webhooks.Core.Endpoints;

/// <summary>The one rule set for endpoint input, used by the console's form and the HTTP API.</summary>
public sealed partial class EndpointValidator
{
    public const int MaxNameLength = 100;
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 1000;
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 1000;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 30;
    public const int MaxRateLimitPerSecond = 1000;

    // The dispatcher owns these: letting an endpoint set them would break framing or signatures.
    private static readonly string[] ReservedHeaders = ["Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Authorization", "User-Agent"];
    private static readonly string[] ReservedHeaderPrefixes = ["X-Webhook-", "webhook-"];

    // \z, not $: "$" also matches before a final line break.
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\z")]
    private static partial Regex HeaderToken();

    /// <summary>Field errors for <paramref name="input"/>; empty when valid.</summary>
    /// <param name="allowHttp">Whether plain <c>http://</c> URLs are accepted (<c>Webhooks:Delivery:AllowHttp</c>).</param>
    /// <param name="knownEventTypes">Catalog names that exact subscriptions must name; null skips that check.</param>
    /// <param name="requireAuthSecret">On create a Basic password / Bearer token is required; on update null keeps the old one.</param>
    public ValidationErrors Validate(EndpointInput input, bool allowHttp, IReadOnlySet<string>? knownEventTypes, bool requireAuthSecret)
    {
        var errors = new ValidationErrors();

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
            errors.Add("name", "Name is required.");
        else if (name.Length > MaxNameLength)
            errors.Add("name", $"Name must be at most {MaxNameLength} characters.");
        else if (name.Any(char.IsControl))
            errors.Add("name", "Name must not contain control characters.");

        if (UrlError(input.Url, allowHttp) is { } urlError)
            errors.Add("url", urlError);

        if ((input.Description?.Length ?? 0) > MaxDescriptionLength)
            errors.Add("description", $"Description must be at most {MaxDescriptionLength} characters.");

        ValidateEvents(input.Events, knownEventTypes, errors);
        ValidateAuth(input, requireAuthSecret, errors);
        ValidateHeaders(input.Headers, errors);

        if (input.TimeoutSeconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
            errors.Add("timeoutSeconds", $"Timeout must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds} seconds.");
        if (input.RateLimitPerSecond is { } rate && rate is < 1 or > MaxRateLimitPerSecond)
            errors.Add("rateLimitPerSecond", $"Rate limit must be between 1 and {MaxRateLimitPerSecond} deliveries per second, or empty for none.");
        if (!Enum.IsDefined(input.SignatureScheme))
            errors.Add("signatureScheme", "Signature scheme must be hmac-sha256 or standard-webhooks.");
        if (input.Secret is { } secret && (secret.Length is < 16 or > 200 || secret.Any(char.IsControl)))
            errors.Add("secret", "Secret must be 16 to 200 printable characters.");

        return errors;
    }

    /// <summary>Why <paramref name="url"/> is not acceptable as an endpoint URL, or null when it is.</summary>
    public static string? UrlError(string? url, bool allowHttp)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "URL is required.";
        if (url.Length > MaxUrlLength)
            return $"URL must be at most {MaxUrlLength} characters.";
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return "URL must not contain spaces or control characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return "URL must be an absolute URL such as https://example.com/webhook.";
        var schemeOk = uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp);
        if (!schemeOk)
            return allowHttp ? "URL must start with https:// or http://." : "URL must start with https:// (plain http is turned off on this server).";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "URL must not contain a user name or password; use the authentication settings instead.";
        if (string.IsNullOrEmpty(uri.Host))
            return "URL must have a host.";
        if (!string.IsNullOrEmpty(uri.Fragment))
            return "URL must not contain a fragment (#...).";
        return null;
    }

    private static void ValidateEvents(List<string>? events, IReadOnlySet<string>? known, ValidationErrors errors)
    {
        if (events is null || events.Count == 0)
        {
            errors.Add("events", "Pick at least one event (or all events).");
            return;
        }
        foreach (var pattern in events)
        {
            if (!EventTypeName.IsValidPattern(pattern))
                errors.Add("events", $"'{Shorten(pattern)}' is not a valid event name: use letters, digits, '_', '-', '.', or a 'group.*' / '*' pattern.");
            else if (known is not null && pattern != "*" && !pattern.EndsWith(".*", StringComparison.Ordinal) && !known.Contains(pattern))
                errors.Add("events", $"'{pattern}' is not in the event catalog.");
        }
    }

    private static void ValidateAuth(EndpointInput input, bool requireSecret, ValidationErrors errors)
    {
        switch (input.AuthMode)
        {
            case AuthMode.None:
                break;
            case AuthMode.Basic:
                if (string.IsNullOrWhiteSpace(input.AuthUsername))
                    errors.Add("authUsername", "User name is required for Basic authentication.");
                else if (input.AuthUsername.Contains(':') || input.AuthUsername.Any(char.IsControl) || input.AuthUsername.Length > 200)
                    errors.Add("authUsername", "User name must not contain ':' or control characters (200 characters at most).");
                if (requireSecret && string.IsNullOrEmpty(input.AuthSecret))
                    errors.Add("authSecret", "Password is required for Basic authentication.");
                break;
            case AuthMode.Bearer:
                if (requireSecret && string.IsNullOrEmpty(input.AuthSecret))
                    errors.Add("authSecret", "Token is required for Bearer authentication.");
                break;
            default:
                errors.Add("authMode", "Authentication must be None, Basic or Bearer.");
                break;
        }
        if (input.AuthSecret is { } secret && (secret.Length > 1000 || secret.Any(char.IsControl)))
            errors.Add("authSecret", "Password or token must be at most 1000 characters, without control characters.");
    }

    private static void ValidateHeaders(List<HeaderInput>? headers, ValidationErrors errors)
    {
        if (headers is null)
            return;
        if (headers.Count > MaxHeaders)
            errors.Add("headers", $"At most {MaxHeaders} custom headers.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            var name = header.Name?.Trim() ?? "";
            // Checked before trimming, which would quietly drop a trailing "\r\n": a name with line breaks is an injection attempt.
            if (header.Name?.Any(char.IsControl) == true)
                errors.Add("headers", $"'{Shorten(name)}' is not a valid header name: no line breaks or control characters.");
            else if (name.Length == 0)
                errors.Add("headers", "Header name is required: fill it in or remove the row.");
            else if (name.Length > 100 || !HeaderToken().IsMatch(name))
                errors.Add("headers", $"'{Shorten(name)}' is not a valid header name.");
            else if (ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || ReservedHeaderPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                errors.Add("headers", $"'{name}' is set by the dispatcher and cannot be a custom header.");
            else if (!seen.Add(name))
                errors.Add("headers", $"'{name}' is given twice.");
            var value = header.Value ?? "";
            if (value.Length > MaxHeaderValueLength)
                errors.Add("headers", $"The value of '{Shorten(name)}' must be at most {MaxHeaderValueLength} characters.");
            // HTTP/1.1 header values are ASCII on the wire; anything else would be refused at send time.
            else if (value.Any(c => (char.IsControl(c) && c != '\t') || c > '\u007e'))
                errors.Add("headers", $"The value of '{Shorten(name)}' must be printable ASCII, without line breaks.");
        }
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;
}

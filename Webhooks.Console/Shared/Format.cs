using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;

namespace Webhooks.Console.Shared;

/// <summary>How values read on screen; the same words the HTTP API and docs use.</summary>
public static class Format
{
    /// <summary>"3 succeeded, 1 failed" and then every other status there is ("1 pending, 2 skipped"), so the parts add up to the total shown beside them.</summary>
    public static string Breakdown(IReadOnlyDictionary<DeliveryStatus, int> byStatus)
    {
        var parts = new List<string>
        {
            $"{byStatus.GetValueOrDefault(DeliveryStatus.Succeeded)} succeeded",
            $"{byStatus.GetValueOrDefault(DeliveryStatus.Failed)} failed",
        };
        foreach (var status in (DeliveryStatus[])[DeliveryStatus.Pending, DeliveryStatus.Skipped, DeliveryStatus.Cancelled])
            if (byStatus.GetValueOrDefault(status) is > 0 and var n)
                parts.Add($"{n} {status.ToString().ToLowerInvariant()}");
        return string.Join(", ", parts);
    }

    public static string When(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss") + " UTC" : "never";

    public static string Scheme(SignatureScheme scheme) => scheme switch
    {
        SignatureScheme.HmacSha256 => "hmac-sha256",
        SignatureScheme.StandardWebhooks => "standard-webhooks",
        _ => scheme.ToString(),
    };

    public static string Auth(AuthMode mode) => mode switch
    {
        AuthMode.None => "None",
        AuthMode.Basic => "Basic",
        AuthMode.Bearer => "Bearer token",
        _ => mode.ToString(),
    };

    /// <summary>Short list for a grid cell: "All events", or the first few patterns and a count.</summary>
    public static string Events(IReadOnlyCollection<string> patterns, int show = 3)
    {
        if (patterns.Count == 0)
            return "none";
        if (patterns.Contains("*"))
            return "All events";
        var first = string.Join(", ", patterns.Take(show));
        return patterns.Count > show ? $"{first} +{patterns.Count - show} more" : first;
    }

    /// <summary>Indented JSON for reading; the text as given when it does not parse.</summary>
    public static string PrettyJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return "";
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return System.Text.Json.JsonSerializer.Serialize(doc.RootElement, new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                // Shown as text (Blazor encodes it), so keep "+", "<", non-ASCII readable instead of \uXXXX.
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }
    /// <summary>A recorded header set (JSON object of name to value) as "Name: value" lines, sorted by name.</summary>
    public static string Headers(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return "";
        var headers = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return string.Join('\n', headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key}: {h.Value}"));
    }

    /// <summary>Why an attempt failed, in the words people search for ("timeout", "blocked address").</summary>
    public static string ErrorKind(AttemptErrorKind kind) => kind switch
    {
        AttemptErrorKind.None => "",
        AttemptErrorKind.HttpStatus => "HTTP status",
        AttemptErrorKind.Timeout => "timeout",
        AttemptErrorKind.Dns => "DNS",
        AttemptErrorKind.Refused => "connection refused",
        AttemptErrorKind.Tls => "TLS",
        AttemptErrorKind.BlockedAddress => "blocked address",
        _ => "error",
    };

    /// <summary>One line for an attempt's outcome: "200 · 41 ms" or "timeout: … · 5003 ms".</summary>
    public static string Outcome(DeliveryAttempt attempt) =>
        attempt.ResponseStatus is { } status
            ? $"{status} · {attempt.DurationMs} ms"
            : $"{ErrorKind(attempt.ErrorKind)}: {attempt.Error} · {attempt.DurationMs} ms";
}

namespace Webhooks.Console.Api;

/// <summary>
/// Body of <c>POST /api/v1/webhooks</c> and <c>PUT /api/v1/webhooks/{id}</c>. On PUT, a field left
/// out keeps its current value.
/// </summary>
public sealed class WebhookRequest
{
    public string? Name { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }
    public List<string>? Events { get; set; }
    public bool? Enabled { get; set; }
    /// <summary><c>hmac-sha256</c> (default) or <c>standard-webhooks</c>.</summary>
    public string? SignatureScheme { get; set; }
    /// <summary><c>none</c>, <c>basic</c> or <c>bearer</c>.</summary>
    public string? AuthMode { get; set; }
    public string? AuthUsername { get; set; }
    public string? AuthPassword { get; set; }
    public string? AuthToken { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public int? TimeoutSeconds { get; set; }
    public bool? RetryEnabled { get; set; }
    public int? RateLimitPerSecond { get; set; }
    /// <summary>Only on create: the signing secret to use instead of a generated one.</summary>
    public string? Secret { get; set; }
}

namespace Webhooks.Core.Endpoints;

/// <summary>
/// What an admin (form) or a script (HTTP API) submits to create or change an endpoint. Both go
/// through <see cref="EndpointValidator"/>, so the rules are one set.
/// </summary>
public sealed class EndpointInput
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public string Description { get; set; } = "";
    public List<string> Events { get; set; } = [];
    public bool Enabled { get; set; } = true;
    public SignatureScheme SignatureScheme { get; set; }
    public AuthMode AuthMode { get; set; }
    public string? AuthUsername { get; set; }
    /// <summary>Basic password or Bearer token; null on update keeps the stored one.</summary>
    public string? AuthSecret { get; set; }
    public List<HeaderInput> Headers { get; set; } = [];
    public int TimeoutSeconds { get; set; } = 5;
    public bool RetryEnabled { get; set; } = true;
    public int? RateLimitPerSecond { get; set; }
    /// <summary>Only on create: use this secret instead of generating one (imports, migrations from other tools).</summary>
    public string? Secret { get; set; }
}

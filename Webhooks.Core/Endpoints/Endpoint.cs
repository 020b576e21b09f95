namespace Webhooks.Core.Endpoints;

/// <summary>A configured webhook receiver. Secrets and credentials are stored protected, never in plain text.</summary>
public class Endpoint
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public string Description { get; set; } = "";
    public bool IsEnabled { get; set; } = true;
    /// <summary>Why the endpoint is disabled; set when the dispatcher disabled it.</summary>
    public string? DisabledReason { get; set; }
    public bool DisabledAutomatically { get; set; }
    /// <summary>Event names, <c>group.*</c> or <c>*</c>.</summary>
    public List<string> Subscriptions { get; set; } = [];
    public SignatureScheme SignatureScheme { get; set; }
    public string SecretProtected { get; set; } = "";
    public string SecretHint { get; set; } = "";
    public string? PreviousSecretProtected { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    public AuthMode AuthMode { get; set; }
    public string? AuthUsername { get; set; }
    /// <summary>Basic password or Bearer token, protected.</summary>
    public string? AuthSecretProtected { get; set; }
    public Dictionary<string, string> CustomHeaders { get; set; } = [];
    public int TimeoutSeconds { get; set; } = 5;
    public bool RetryEnabled { get; set; } = true;
    /// <summary>Most deliveries per second to this endpoint; null for no limit.</summary>
    public int? RateLimitPerSecond { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastFailureAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Declared in <c>Webhooks:Endpoints</c> and imported at start.</summary>
    public bool FromConfiguration { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

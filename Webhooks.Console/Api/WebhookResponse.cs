using Webhooks.Core.Endpoints;
using Endpoint = Webhooks.Core.Endpoints.Endpoint;

namespace Webhooks.Console.Api;

/// <summary>An endpoint as the API shows it: a secret hint, never a secret or credential.</summary>
public sealed record WebhookResponse(
    string Id, string Name, string Url, string Description, IReadOnlyList<string> Events, bool Enabled, string? DisabledReason,
    bool DisabledAutomatically, string SignatureScheme, string AuthMode, string? AuthUsername, IReadOnlyDictionary<string, string> Headers,
    int TimeoutSeconds, bool RetryEnabled, int? RateLimitPerSecond, int FailureCount, DateTime? LastSuccessAt, DateTime? LastFailureAt,
    string? LastError, string SecretHint, bool FromConfiguration, DateTime CreatedAt, DateTime UpdatedAt, string? Secret = null)
{
    public static WebhookResponse From(Endpoint e, string? secret = null) => new(
        e.Id, e.Name, e.Url, e.Description, e.Subscriptions, e.IsEnabled, e.DisabledReason, e.DisabledAutomatically,
        WebhookEnums.SchemeName(e.SignatureScheme), WebhookEnums.AuthName(e.AuthMode), e.AuthUsername, e.CustomHeaders,
        e.TimeoutSeconds, e.RetryEnabled, e.RateLimitPerSecond, e.ConsecutiveFailures, Utc(e.LastSuccessAt), Utc(e.LastFailureAt),
        e.LastError, e.SecretHint, e.FromConfiguration, Utc(e.CreatedAt)!.Value, Utc(e.UpdatedAt)!.Value, secret);

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

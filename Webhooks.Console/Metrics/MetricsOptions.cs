using System.ComponentModel.DataAnnotations;

namespace Webhooks.Console.Metrics;

/// <summary>
/// The Prometheus scrape endpoint, bound from <c>Webhooks:Metrics</c> and validated at start. It holds
/// aggregates only (counts, durations, queue depth; no ids, URLs or payloads), so by default it is as
/// open as <c>/healthz</c>: a scraper cannot sign in. Set <see cref="Token"/> where the console's port
/// is reachable by people who should not see its volumes.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Webhooks:Metrics";

    /// <summary>Serve the scrape endpoint at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where Prometheus scrapes.</summary>
    [Required, RegularExpression("^/[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$", ErrorMessage = "Webhooks:Metrics:Path must be a path such as /metrics (lower-case letters, digits, '-' and '/').")]
    public string Path { get; set; } = "/metrics";

    /// <summary>When set, a scrape must send <c>Authorization: Bearer {Token}</c> (Prometheus: <c>authorization.credentials</c>); others get 401.</summary>
    [MinLength(16, ErrorMessage = "Webhooks:Metrics:Token must be at least 16 characters when set.")]
    public string? Token { get; set; }
}

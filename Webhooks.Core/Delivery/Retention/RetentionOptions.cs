using System.ComponentModel.DataAnnotations;

namespace Webhooks.Core.Delivery.Retention;

/// <summary>How long delivery history is kept; bound from <c>Webhooks:Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Webhooks:Retention";

    /// <summary>Events, deliveries and attempts older than this many days are deleted (pending deliveries never are).</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 30;

    /// <summary>Rows deleted per statement: small, so the dispatcher's writes are never held up for long.</summary>
    [Range(10, 100_000)]
    public int BatchSize { get; set; } = 500;
}

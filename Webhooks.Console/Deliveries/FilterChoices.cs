using Webhooks.Core.Delivery;
using Webhooks.Core.History;

namespace Webhooks.Console.Deliveries;

/// <summary>
/// What a person picked in the deliveries filter bar. An empty string means "all", because a select
/// shows a null value as nothing chosen, and "All" should read as a choice like any other.
/// </summary>
public sealed class FilterChoices
{
    /// <summary>A <see cref="DeliveryStatus"/> name, or empty for every status.</summary>
    public string Status { get; set; } = "";

    /// <summary>An event type name, or empty for every type.</summary>
    public string EventType { get; set; } = "";

    /// <summary>An endpoint id, or empty for every endpoint.</summary>
    public string EndpointId { get; set; } = "";

    public TimeRange Range { get; set; }

    /// <summary>Start of a custom range, read as UTC.</summary>
    public DateTime? From { get; set; }

    /// <summary>End of a custom range (exclusive), read as UTC.</summary>
    public DateTime? To { get; set; }

    /// <summary>The query's filter; the grid's own scope (one endpoint, one event) wins over the choices.</summary>
    public DeliveryFilter ToFilter(DateTime utcNow, string? scopeEndpointId, string? scopeEventId) => new()
    {
        Status = Enum.TryParse<DeliveryStatus>(Status, out var status) ? status : null,
        EventType = NullIfEmpty(EventType),
        EndpointId = scopeEndpointId ?? NullIfEmpty(EndpointId),
        EventId = scopeEventId,
        From = Range switch
        {
            TimeRange.LastHour => utcNow.AddHours(-1),
            TimeRange.Last24Hours => utcNow.AddHours(-24),
            TimeRange.Last7Days => utcNow.AddDays(-7),
            TimeRange.Custom => AsUtc(From),
            _ => null,
        },
        To = Range == TimeRange.Custom ? AsUtc(To) : null,
    };

    /// <summary>The words the time-range select shows.</summary>
    public static string Describe(TimeRange range) => range switch
    {
        TimeRange.LastHour => "Last hour",
        TimeRange.Last24Hours => "Last 24 hours",
        TimeRange.Last7Days => "Last 7 days",
        TimeRange.Custom => "Custom",
        _ => "Any time",
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // The inputs say "(UTC)": a typed time carries no zone, so it is taken as UTC, like the stored times.
    private static DateTime? AsUtc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}

using System.Globalization;
using Webhooks.Core.Events;

namespace Webhooks.Core.Delivery.Sending;

/// <summary>
/// The body every receiver gets: <c>{"id","event","timestamp","data","metadata"}</c>, the same bytes on
/// every retry. Attempts keep no copy of them (<see cref="DeliveryAttempt.RequestBody"/>): they are
/// rebuilt from the event to be shown, so what this writes for a stored event may never change
/// (<c>AttemptBodiesTests</c> pins it).
/// </summary>
public static class WebhookPayload
{
    /// <summary>
    /// <c>metadata</c> is always present and <c>null</c> when none was published, so receivers
    /// see one shape. <c>data</c> and <c>metadata</c> are written as stored (already compact JSON).
    /// </summary>
    public static byte[] Serialize(Event evt)
    {
        using var scratch = JsonScratch.Rent();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        writer.WriteString("id", evt.Id);
        writer.WriteString("event", evt.Type);
        writer.WriteString("timestamp", FormatTimestamp(evt.OccurredAt));
        writer.WritePropertyName("data");
        if (evt.DataUtf8 is { } utf8)
            writer.WriteRawValue(utf8, skipInputValidation: true);
        else
            scratch.WriteRawValue(evt.Data);
        writer.WritePropertyName("metadata");
        if (evt.Metadata is null)
            writer.WriteNullValue();
        else
            scratch.WriteRawValue(evt.Metadata);
        writer.WriteEndObject();
        return scratch.Written.ToArray();
    }

    /// <summary>ISO 8601 UTC with milliseconds: <c>2025-10-17T10:30:00.000Z</c>.</summary>
    public static string FormatTimestamp(DateTime occurredAt) =>
        DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

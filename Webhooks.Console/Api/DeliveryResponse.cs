using System.Text.Json;
using Webhooks.Core.Delivery;
using Webhooks.Core.History;

namespace Webhooks.Console.Api;

/// <summary>A delivery as the logs routes show it.</summary>
public sealed record DeliveryResponse(
    string Id, string EventId, string Event, string WebhookId, string WebhookName, string Status, int Attempts,
    int? LastStatusCode, int? LastDurationMs, string? LastError, DateTime CreatedAt, DateTime? LastAttemptAt, DateTime? NextAttemptAt, bool Test)
{
    public static DeliveryResponse From(DeliveryRow r) => new(
        r.Id, r.EventId, r.EventType, r.EndpointId, r.EndpointName, StatusName(r.Status), r.AttemptCount, r.LastStatusCode, r.LastDurationMs,
        r.LastError, Utc(r.CreatedAt), Utc(r.LastAttemptAt), r.Status == DeliveryStatus.Pending ? Utc(r.NextAttemptAt) : null, r.IsTest);

    public static string StatusName(DeliveryStatus status) => status.ToString().ToLowerInvariant();

    public static DeliveryStatus? ParseStatus(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "all" => null,
        "succeeded" => DeliveryStatus.Succeeded,
        "failed" => DeliveryStatus.Failed,
        "pending" => DeliveryStatus.Pending,
        "skipped" => DeliveryStatus.Skipped,
        "cancelled" => DeliveryStatus.Cancelled,
        _ => throw Core.Common.ValidationFailedException.For("status", "Use succeeded, failed, pending, skipped or cancelled."),
    };

    internal static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
    internal static DateTime? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}

/// <summary>One HTTP try, as sent and answered.</summary>
public sealed record AttemptResponse(
    int Number, string Trigger, DateTime StartedAt, int DurationMs, bool Success, int? StatusCode, string? Error, string? ErrorKind,
    string RequestUrl, JsonElement RequestHeaders, string RequestBody, JsonElement? ResponseHeaders, string? ResponseBody, bool ResponseBodyTruncated)
{
    /// <param name="a">As <see cref="Webhooks.Core.History.DeliveryHistory"/> reads it: with its body filled in.</param>
    public static AttemptResponse From(DeliveryAttempt a) => new(
        a.Number, a.Trigger.ToString().ToLowerInvariant(), DeliveryResponse.Utc(a.StartedAt), a.DurationMs, a.Succeeded, a.ResponseStatus, a.Error,
        a.ErrorKind == AttemptErrorKind.None ? null : a.ErrorKind.ToString(), a.RequestUrl, Parse(a.RequestHeaders)!.Value,
        a.RequestBody!, Parse(a.ResponseHeaders), a.ResponseBody, a.ResponseBodyTruncated);

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

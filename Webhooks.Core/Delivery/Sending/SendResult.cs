namespace Webhooks.Core.Delivery.Sending;

/// <summary>What came back from one try (or why nothing did).</summary>
public sealed record SendResult(
    DateTime StartedAt,
    DateTime FinishedAt,
    int DurationMs,
    int? Status,
    string? ResponseHeadersJson,
    string? ResponseBody,
    bool ResponseBodyTruncated,
    AttemptErrorKind ErrorKind,
    string? Error,
    TimeSpan? RetryAfter)
{
    public bool Succeeded => ErrorKind == AttemptErrorKind.None && Status is >= 200 and < 300;
}

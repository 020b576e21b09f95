using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Webhooks.Core.Events;

/// <summary>Checks and normalises what a publisher hands in, before anything is written.</summary>
public static class EventPayload
{
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Compact JSON of <c>data</c> and <c>metadata</c> (null when none), within the size limit.</summary>
    public static (string Data, string? Metadata) Normalize(JsonElement data, JsonElement? metadata, int maxPayloadBytes)
    {
        if (data.ValueKind != JsonValueKind.Object)
            throw new PublishException(PublishErrorCode.InvalidPayload, $"'data' must be a JSON object, not {Describe(data.ValueKind)}.");
        string? metadataJson = null;
        if (metadata is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } m)
        {
            if (m.ValueKind != JsonValueKind.Object)
                throw new PublishException(PublishErrorCode.InvalidPayload, $"'metadata' must be a JSON object or null, not {Describe(m.ValueKind)}.");
            metadataJson = Compact(m);
        }
        var dataJson = Compact(data);
        var size = Encoding.UTF8.GetByteCount(dataJson) + (metadataJson is null ? 0 : Encoding.UTF8.GetByteCount(metadataJson));
        if (size > maxPayloadBytes)
            throw new PublishException(PublishErrorCode.PayloadTooLarge, $"The payload is {size} bytes; the limit is {maxPayloadBytes} (Webhooks:Events:MaxPayloadBytes).");
        return (dataJson, metadataJson);
    }

    /// <summary>Parses JSON text given by a person (the Test dialog); a clear error when it is not an object.</summary>
    public static JsonElement ParseObject(string json, string what = "data")
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PublishException(PublishErrorCode.InvalidPayload, $"'{what}' is not valid JSON: {ex.Message}");
        }
    }

    public static void CheckIdempotencyKey(string? key)
    {
        if (key is not null && (key.Length == 0 || key.Length > MaxIdempotencyKeyLength))
            throw new PublishException(PublishErrorCode.InvalidPayload, $"The idempotency key must be 1 to {MaxIdempotencyKeyLength} characters.");
    }

    private static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Non-ASCII text stays as UTF-8 instead of \u escapes: receivers see what was published.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Undefined => "missing",
        _ => "null",
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Webhooks.Core.Common;

namespace Webhooks.Console.Api;

/// <summary>
/// Reads request bodies by hand so every bad body (broken JSON, wrong type, unknown field, too
/// deep) becomes a 400 that names the field, instead of the framework's bare 400.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 32,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Deserializes the body or throws <see cref="ValidationFailedException"/> naming the field.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, long maxBytes = 1024 * 1024) where T : class
    {
        if (request.ContentLength > maxBytes)
            throw new PayloadTooLargeException(maxBytes);
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
            throw ValidationFailedException.For("body", "Send the body as application/json.");
        using var buffer = new MemoryStream();
        await CopyCappedAsync(request.Body, buffer, maxBytes, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
            throw ValidationFailedException.For("body", "The request body is empty; send a JSON object.");
        // The reader lets invalid UTF-8 through inside values kept raw (data, metadata); it would fail later, or be stored mangled.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
            throw ValidationFailedException.For("body", "The body is not valid UTF-8.");
        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options)
                ?? throw ValidationFailedException.For("body", "The body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            throw Describe(ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException || ex.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            throw ValidationFailedException.For("body", "The body is not valid UTF-8.");
        }
    }

    public static async Task CopyCappedAsync(Stream source, Stream target, long maxBytes, CancellationToken ct)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (target.Length + read > maxBytes)
                throw new PayloadTooLargeException(maxBytes);
            await target.WriteAsync(chunk.AsMemory(0, read), ct);
        }
    }

    // "$.headers.X-Foo" → "headers"; the root ("$") is the body itself.
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var end = trimmed.IndexOfAny(['.', '[']);
        var field = end > 0 ? trimmed[..end] : trimmed;
        return field.Trim('\'', '[', ']');
    }

    // The serializer's messages name .NET types; scripts need the field and what is wrong with it.
    private static ValidationFailedException Describe(JsonException ex)
    {
        var field = FieldOf(ex.Path);
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = ex.Message.Split('\'') is { Length: > 2 } parts ? parts[1] : field;
            return ValidationFailedException.For(name, $"'{name}' is not a known field.");
        }
        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal) && field != "body")
            return ValidationFailedException.For(field, $"'{field}' has the wrong type.");
        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
            return ValidationFailedException.For("body", "The JSON is nested too deeply.");
        return ValidationFailedException.For("body", $"The body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}).");
    }
}

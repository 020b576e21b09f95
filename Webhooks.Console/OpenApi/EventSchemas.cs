using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Webhooks.Console.OpenApi;

/// <summary>
/// OpenAPI schemas for event payloads: from the catalog's JSON Schema when one is given, else
/// derived from the sample payload (types and property names; every sample property required).
/// Sample values go in JSON Schema's <c>examples</c> array, the OpenAPI 3.1 form (the single
/// <c>example</c> keyword is deprecated there).
/// </summary>
public static class EventSchemas
{
    public static OpenApiSchema FromSample(JsonElement sample) => sample.ValueKind switch
    {
        JsonValueKind.Object => new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = sample.EnumerateObject().ToDictionary(p => p.Name, p => (IOpenApiSchema)FromSample(p.Value)),
            Required = sample.EnumerateObject().Select(p => p.Name).ToHashSet(),
        },
        JsonValueKind.Array => new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = sample.EnumerateArray().Select(FromSample).FirstOrDefault() ?? new OpenApiSchema(),
        },
        JsonValueKind.String => new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonNode.Parse(sample.GetRawText())!] },
        JsonValueKind.Number => new OpenApiSchema { Type = sample.TryGetInt64(out _) ? JsonSchemaType.Integer : JsonSchemaType.Number, Examples = [JsonNode.Parse(sample.GetRawText())!] },
        JsonValueKind.True or JsonValueKind.False => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        _ => new OpenApiSchema { Type = JsonSchemaType.Null },
    };

    /// <summary>The common JSON Schema keywords of an explicit schema (type, properties, items, required, description, enum).</summary>
    public static OpenApiSchema FromJsonSchema(JsonElement schema)
    {
        var result = new OpenApiSchema();
        if (schema.ValueKind != JsonValueKind.Object)
            return result;
        if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            result.Type = type.GetString() switch
            {
                "object" => JsonSchemaType.Object,
                "array" => JsonSchemaType.Array,
                "string" => JsonSchemaType.String,
                "integer" => JsonSchemaType.Integer,
                "number" => JsonSchemaType.Number,
                "boolean" => JsonSchemaType.Boolean,
                _ => null,
            };
        if (schema.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String)
            result.Description = description.GetString();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            result.Properties = properties.EnumerateObject().ToDictionary(p => p.Name, p => (IOpenApiSchema)FromJsonSchema(p.Value));
        if (schema.TryGetProperty("items", out var items))
            result.Items = FromJsonSchema(items);
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            result.Required = required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToHashSet();
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
            result.Enum = values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())!).ToList();
        return result;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Webhooks.Core.Events;

namespace Webhooks.Console.OpenApi;

/// <summary>
/// Fills the OpenAPI 3.1 <c>webhooks</c> section: one entry per catalog event type, keyed by its
/// name, describing the POST a receiver gets (envelope + the type's <c>data</c> schema + headers).
/// </summary>
public sealed class WebhooksDocumentTransformer(EventTypeService eventTypes) : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var types = await eventTypes.ListAsync(includeArchived: false, cancellationToken);
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var type in types)
            document.Webhooks[type.Name] = PathItem(type);
    }

    private static OpenApiPathItem PathItem(EventType type)
    {
        using var sample = JsonDocument.Parse(type.SamplePayload);
        OpenApiSchema data;
        if (type.Schema is { } schemaText)
        {
            using var schema = JsonDocument.Parse(schemaText);
            data = EventSchemas.FromJsonSchema(schema.RootElement);
        }
        else
            data = EventSchemas.FromSample(sample.RootElement);

        var envelope = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "id", "event", "timestamp", "data" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Event id (evt_…), stable across retries: de-duplicate on it." },
                ["event"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(type.Name)!] },
                ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["data"] = data,
                ["metadata"] = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null },
            },
        };
        var operation = new OpenApiOperation
        {
            OperationId = "webhook_" + type.Name.Replace('.', '_'),
            Summary = type.Name,
            Description = type.Description,
            Tags = new HashSet<OpenApiTagReference> { new(type.Group) },
            Parameters =
            [
                Header("X-Webhook-Event", "The event type."),
                Header("X-Webhook-ID", "The event id."),
                Header("X-Webhook-Delivery", "The delivery id (one per endpoint)."),
                Header("X-Webhook-Attempt", "1 for the first attempt, then 2, 3, …"),
                Header("X-Webhook-Timestamp", "Unix seconds when this attempt was sent."),
                Header("X-Webhook-Signature", "hmac-sha256 scheme: sha256=<hex HMAC-SHA256(secret, raw body)>.", required: false),
                Header("webhook-signature", "standard-webhooks scheme: v1,<base64> (space-separated during secret rotation).", required: false),
            ],
            RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = envelope, Example = Example(type, sample.RootElement) },
                },
            },
            Responses = new OpenApiResponses
            {
                ["2XX"] = new OpenApiResponse { Description = "Received. Any 2xx within the endpoint's timeout counts as delivered." },
                ["410"] = new OpenApiResponse { Description = "Gone: the endpoint is disabled at once." },
                ["default"] = new OpenApiResponse { Description = "Anything else is a failed attempt and is retried on the schedule." },
            },
        };
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Post, operation);
        return item;
    }

    private static OpenApiParameter Header(string name, string description, bool required = true) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static JsonNode Example(EventType type, JsonElement sample) => new JsonObject
    {
        ["id"] = "evt_01JB7Z3Q8W5X2N4M6P0R9S1T3V",
        ["event"] = type.Name,
        ["timestamp"] = "2025-10-17T10:30:00.000Z",
        ["data"] = JsonNode.Parse(sample.GetRawText()),
        ["metadata"] = new JsonObject { ["user_id"] = "admin" },
    };
}

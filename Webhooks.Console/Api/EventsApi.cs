using Microsoft.Extensions.Options;
using Webhooks.Core.Common;
using Webhooks.Core.Events;

namespace Webhooks.Console.Api;

/// <summary><c>POST /api/v1/events</c>: publish an event to every subscribed endpoint.</summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/events", async (HttpRequest request, IWebhookPublisher publisher, IOptions<EventOptions> options, CancellationToken ct) =>
        {
            // The envelope around data/metadata is small; the payload limit itself is checked by the publisher.
            var body = await ApiJson.ReadAsync<PublishRequest>(request, maxBytes: 2L * options.Value.MaxPayloadBytes + 64 * 1024);
            if (string.IsNullOrWhiteSpace(body.Event))
                throw ValidationFailedException.For("event", "'event' is required, such as \"customer.created\".");
            if (body.Data is not { } data || data.ValueKind == System.Text.Json.JsonValueKind.Null)
                throw ValidationFailedException.For("data", "'data' is required: a JSON object.");
            try
            {
                var result = await publisher.PublishAsync(body.Event, data, body.Metadata, body.IdempotencyKey, ct);
                return Results.Json(new PublishResponse(result.EventId, result.Deliveries, result.Duplicate), statusCode: StatusCodes.Status202Accepted);
            }
            catch (PublishException ex) when (ex.Code == PublishErrorCode.PayloadTooLarge)
            {
                throw new PayloadTooLargeException(options.Value.MaxPayloadBytes);
            }
            catch (PublishException ex)
            {
                var field = ex.Code switch
                {
                    PublishErrorCode.UnknownEventType or PublishErrorCode.ArchivedEventType => "event",
                    _ when ex.Message.Contains("idempotency", StringComparison.OrdinalIgnoreCase) => "idempotencyKey",
                    _ when ex.Message.Contains("'metadata'", StringComparison.Ordinal) => "metadata",
                    _ => "data",
                };
                throw ValidationFailedException.For(field, ex.Message);
            }
        }).RequireAuthorization(ApiPolicies.Publish).WithTags("Events").WithName("PublishEvent")
          .Accepts<PublishRequest>("application/json").Produces<PublishResponse>(StatusCodes.Status202Accepted);
        return api;
    }

    /// <summary>What publishing answers: the event id and how many deliveries were created.</summary>
    public sealed record PublishResponse(string Id, int Deliveries, bool Duplicate);
}

using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.History;
using Webhooks.Core.Jobs;

namespace Webhooks.Console.Api;

/// <summary>Delivery logs across endpoints, one delivery with its attempts, and manual retry (a Retry now job).</summary>
public static class DeliveriesApi
{
    /// <summary>Most deliveries one Retry selected job takes (a grid's largest page).</summary>
    public const int MaxRetrySelected = DeliveryHistory.MaxPageSize;

    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs/recent", async (string? hours, string? status, string? limit, string? cursor, DeliveryHistory history, CancellationToken ct) =>
        {
            var span = ApiQuery.Int(hours, "hours", 1, 24 * 90) ?? 24;
            var filter = new DeliveryFilter { From = DateTime.UtcNow.AddHours(-span), Status = DeliveryResponse.ParseStatus(status) };
            return Results.Ok(await LogsAsync(history, filter, limit, cursor, ct));
        }).RequireAuthorization(ApiPolicies.Read).WithTags("Deliveries").WithName("RecentLogs");

        api.MapGet("/deliveries/{id}", async (string id, DeliveryHistory history, CancellationToken ct) =>
        {
            var detail = await history.DetailAsync(id, ct) ?? throw new NotFoundException("Delivery", id);
            return Results.Ok(new
            {
                delivery = DeliveryResponse.From(new DeliveryRow(detail.Delivery.Id, detail.Delivery.EventId, detail.Delivery.EventType, detail.Delivery.EndpointId,
                    detail.EndpointName, detail.Delivery.Status, detail.Delivery.AttemptCount, detail.Delivery.LastStatusCode, detail.Delivery.LastDurationMs,
                    detail.Delivery.LastError, detail.Delivery.CreatedAt, detail.Delivery.LastAttemptAt, detail.Delivery.NextAttemptAt, detail.Delivery.IsTest)),
                attempts = detail.Attempts.Select(AttemptResponse.From),
            });
        }).RequireAuthorization(ApiPolicies.Read).WithTags("Deliveries").WithName("GetDelivery");

        api.MapPost("/deliveries/{id}/retry", async (string id, ConsoleJobs jobs, CancellationToken ct) =>
            JobResponse.Accepted(await jobs.RetryNowAsync(id, ct) ?? throw new NotFoundException("Delivery", id)))
            .RequireAuthorization(ApiPolicies.Write).WithTags("Deliveries").WithName("RetryDelivery");

        api.MapPost("/deliveries/retry", async (HttpRequest request, ConsoleJobs jobs, CancellationToken ct) =>
        {
            var body = await ApiJson.ReadAsync<RetrySelectedRequest>(request);
            if (body.Ids is not { Count: > 0 and <= MaxRetrySelected } ids || ids.Any(string.IsNullOrWhiteSpace))
                throw ValidationFailedException.For("ids", $"'ids' must list 1 to {MaxRetrySelected} delivery ids.");
            return JobResponse.Accepted(await jobs.RetrySelectedAsync(ids, ct) ?? throw new NotFoundException("Delivery", string.Join(", ", ids.Take(3))));
        }).RequireAuthorization(ApiPolicies.Write).WithTags("Deliveries").WithName("RetryDeliveries").Accepts<RetrySelectedRequest>("application/json");
        return api;
    }

    public sealed class RetrySelectedRequest
    {
        /// <summary>The deliveries to retry, one manual attempt each, in one job.</summary>
        public List<string>? Ids { get; set; }
    }

    public static async Task<object> LogsAsync(DeliveryHistory history, DeliveryFilter filter, string? limit, string? cursor, CancellationToken ct)
    {
        var size = ApiQuery.Int(limit, "limit", 1, DeliveryHistory.MaxPageSize) ?? 50;
        var page = await history.LogsAsync(filter, size, cursor, ct);
        return new { items = page.Rows.Select(DeliveryResponse.From), nextCursor = page.NextCursor };
    }
}

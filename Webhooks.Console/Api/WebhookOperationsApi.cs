using System.Text.Json;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.History;
using Webhooks.Core.Jobs;

namespace Webhooks.Console.Api;

/// <summary>Per-endpoint operations: test, logs, stats, recover.</summary>
public static class WebhookOperationsApi
{
    public static RouteGroupBuilder MapWebhookOperationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks/{id}").WithTags("Webhooks");

        group.MapPost("/test", async (string id, HttpRequest request, DeliveryActions actions, EndpointService endpoints, CancellationToken ct) =>
        {
            await endpoints.GetAsync(id, ct);
            var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0
                ? await ApiJson.ReadAsync<TestRequest>(request)
                : new TestRequest();
            if (body.Data is { ValueKind: not JsonValueKind.Object })
                throw ValidationFailedException.For("data", "'data' must be a JSON object.");
            try
            {
                var attempt = await actions.SendTestAsync(id, body.Event, body.Data?.GetRawText(), ct) ?? throw new NotFoundException("Endpoint", id);
                return Results.Ok(new
                {
                    success = attempt.Succeeded,
                    statusCode = attempt.ResponseStatus,
                    durationMs = attempt.DurationMs,
                    responseBody = attempt.ResponseBody,
                    error = attempt.Error,
                    errorKind = attempt.ErrorKind == AttemptErrorKind.None ? null : attempt.ErrorKind.ToString(),
                    deliveryId = attempt.DeliveryId,
                });
            }
            catch (PublishException ex)
            {
                throw ValidationFailedException.For(ex.Code is PublishErrorCode.UnknownEventType or PublishErrorCode.ArchivedEventType ? "event" : "data", ex.Message);
            }
        }).RequireAuthorization(ApiPolicies.Write).WithName("TestWebhook").Accepts<TestRequest>("application/json");

        group.MapGet("/logs", async (string id, string? status, string? limit, string? cursor, EndpointService endpoints, DeliveryHistory history, CancellationToken ct) =>
        {
            await endpoints.GetAsync(id, ct);
            var filter = new DeliveryFilter { EndpointId = id, Status = DeliveryResponse.ParseStatus(status) };
            return Results.Ok(await DeliveriesApi.LogsAsync(history, filter, limit, cursor, ct));
        }).RequireAuthorization(ApiPolicies.Read).WithName("WebhookLogs");

        group.MapGet("/stats", async (string id, StatsService stats, CancellationToken ct) =>
        {
            var s = await stats.EndpointAsync(id, ct);
            return Results.Ok(new
            {
                total = s.Total,
                succeeded = s.Succeeded,
                failed = s.Failed,
                pending = s.Pending,
                successRate = s.SuccessRate,
                successRate24h = s.SuccessRate24h,
                successRate7d = s.SuccessRate7d,
                avgDurationMs = s.AvgDurationMs,
                p95DurationMs = s.P95DurationMs,
                lastSuccessAt = DeliveryResponse.Utc(s.LastSuccessAt),
                lastError = s.LastError,
                consecutiveFailures = s.ConsecutiveFailures,
            });
        }).RequireAuthorization(ApiPolicies.Read).WithName("WebhookStats");

        group.MapPost("/recover", async (string id, HttpRequest request, ConsoleJobs jobs, EndpointService endpoints, CancellationToken ct) =>
        {
            await endpoints.GetAsync(id, ct);
            var body = await ApiJson.ReadAsync<RecoverRequest>(request);
            if (body.Since is not { } since)
                throw ValidationFailedException.For("since", "'since' is required: an ISO 8601 time, such as 2025-10-17T10:00:00Z.");
            var statuses = (body.Statuses is { Count: > 0 } given ? given : ["failed"])
                .Select(s => DeliveryResponse.ParseStatus(s) switch
                {
                    DeliveryStatus.Failed => DeliveryStatus.Failed,
                    DeliveryStatus.Skipped => DeliveryStatus.Skipped,
                    _ => throw ValidationFailedException.For("statuses", "Recover re-queues 'failed' and/or 'skipped' deliveries."),
                })
                .Distinct().ToList();
            return JobResponse.Accepted(await jobs.RecoverAsync(id, since.UtcDateTime, statuses, ct));
        }).RequireAuthorization(ApiPolicies.Write).WithName("RecoverWebhook").Accepts<RecoverRequest>("application/json");

        return api;
    }

    public sealed class TestRequest
    {
        /// <summary>Any catalog type; <c>webhook.test</c> when left out.</summary>
        public string? Event { get; set; }
        /// <summary>The data to send; the type's sample payload when left out.</summary>
        public JsonElement? Data { get; set; }
    }

    public sealed class RecoverRequest
    {
        public DateTimeOffset? Since { get; set; }
        /// <summary><c>failed</c> and/or <c>skipped</c>; <c>failed</c> when left out.</summary>
        public List<string>? Statuses { get; set; }
    }
}

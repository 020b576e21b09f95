using System.Security.Claims;
using Webhooks.Core.Events;

namespace Webhooks.Console.Api;

/// <summary><c>/api/v1/event-types</c>: the catalog.</summary>
public static class EventTypesApi
{
    public static RouteGroupBuilder MapEventTypesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/event-types").WithTags("Event types");

        group.MapGet("/", async (EventTypeService types, string? includeArchived, CancellationToken ct) =>
            Results.Ok((await types.ListAsync(ApiQuery.Bool(includeArchived, "includeArchived") ?? false, ct)).Select(EventTypeResponse.From)))
            .RequireAuthorization(ApiPolicies.Read).WithName("ListEventTypes");

        group.MapPost("/", async (HttpRequest request, EventTypeService types, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var body = await ApiJson.ReadAsync<EventTypeRequest>(request);
            var created = await types.CreateAsync(body.ToInput(body.Name ?? ""), WebhooksApi.Actor(user), ct);
            return Results.Created($"/api/v1/event-types/{created.Name}", EventTypeResponse.From(created));
        }).RequireAuthorization(ApiPolicies.Write).WithName("CreateEventType").Accepts<EventTypeRequest>("application/json");

        group.MapPut("/{name}", async (string name, HttpRequest request, EventTypeService types, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var existing = await types.FindAsync(name, ct) ?? throw new Core.Common.NotFoundException("Event type", name);
            var body = await ApiJson.ReadAsync<EventTypeRequest>(request);
            var input = body.ToInput(name, existing);
            var updated = await types.UpdateAsync(name, input, WebhooksApi.Actor(user), ct);
            if (body.Archived is { } archived && archived != updated.IsArchived)
                await types.SetArchivedAsync(name, archived, WebhooksApi.Actor(user), ct);
            return Results.Ok(EventTypeResponse.From((await types.FindAsync(name, ct))!));
        }).RequireAuthorization(ApiPolicies.Write).WithName("UpdateEventType").Accepts<EventTypeRequest>("application/json");

        // Deleting would orphan history; the catalog archives instead, and says so.
        group.MapDelete("/{name}", async (string name, EventTypeService types, ClaimsPrincipal user, CancellationToken ct) =>
        {
            _ = await types.FindAsync(name, ct) ?? throw new Core.Common.NotFoundException("Event type", name);
            await types.SetArchivedAsync(name, true, WebhooksApi.Actor(user), ct);
            return Results.NoContent();
        }).RequireAuthorization(ApiPolicies.Write).WithName("ArchiveEventType");

        return group;
    }
}

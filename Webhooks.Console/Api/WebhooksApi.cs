using System.Security.Claims;
using Webhooks.Core.Endpoints;

namespace Webhooks.Console.Api;

/// <summary><c>/api/v1/webhooks</c>: what the console's endpoint pages do, for scripts.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");

        group.MapGet("/", async (EndpointService endpoints, CancellationToken ct) =>
            Results.Ok((await endpoints.ListAsync(ct)).Select(e => WebhookResponse.From(e))))
            .RequireAuthorization(ApiPolicies.Read).WithName("ListWebhooks");

        group.MapPost("/", async (HttpRequest request, EndpointService endpoints, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var body = await ApiJson.ReadAsync<WebhookRequest>(request);
            var input = ToInput(body, new EndpointInput());
            var (endpoint, secret) = await InApiTermsAsync(input, () => endpoints.CreateAsync(input, Actor(user), ct: ct));
            return Results.Created($"/api/v1/webhooks/{endpoint.Id}", WebhookResponse.From(endpoint, secret));
        }).RequireAuthorization(ApiPolicies.Write).WithName("CreateWebhook").Accepts<WebhookRequest>("application/json").Produces<WebhookResponse>(201);

        group.MapGet("/{id}", async (string id, EndpointService endpoints, CancellationToken ct) =>
            Results.Ok(WebhookResponse.From(await endpoints.GetAsync(id, ct))))
            .RequireAuthorization(ApiPolicies.Read).WithName("GetWebhook").Produces<WebhookResponse>();

        group.MapPut("/{id}", async (string id, HttpRequest request, EndpointService endpoints, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var current = await endpoints.GetAsync(id, ct);
            var body = await ApiJson.ReadAsync<WebhookRequest>(request);
            if (body.Secret is not null)
                throw Core.Common.ValidationFailedException.For("secret", "The secret cannot be set on update; rotate it instead.");
            var input = ToInput(body, EndpointService.ToInput(current));
            var updated = await InApiTermsAsync(input, () => endpoints.UpdateAsync(id, input, Actor(user), ct));
            return Results.Ok(WebhookResponse.From(updated));
        }).RequireAuthorization(ApiPolicies.Write).WithName("UpdateWebhook").Accepts<WebhookRequest>("application/json").Produces<WebhookResponse>();

        group.MapDelete("/{id}", async (string id, EndpointService endpoints, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await endpoints.DeleteAsync(id, Actor(user), ct);
            return Results.NoContent();
        }).RequireAuthorization(ApiPolicies.Write).WithName("DeleteWebhook");

        group.MapPost("/{id}/toggle", async (string id, EndpointService endpoints, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var current = await endpoints.GetAsync(id, ct);
            return Results.Ok(WebhookResponse.From(await endpoints.SetEnabledAsync(id, !current.IsEnabled, Actor(user), ct)));
        }).RequireAuthorization(ApiPolicies.Write).WithName("ToggleWebhook").Produces<WebhookResponse>();

        group.MapGet("/{id}/secret", async (string id, EndpointService endpoints, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(new { secret = await endpoints.RevealSecretAsync(id, Actor(user), ct) }))
            .RequireAuthorization(ApiPolicies.Admin).WithName("GetWebhookSecret");

        group.MapPost("/{id}/rotate-secret", async (string id, EndpointService endpoints, ClaimsPrincipal user, CancellationToken ct) =>
            Results.Ok(new { secret = await endpoints.RotateSecretAsync(id, Actor(user), ct) }))
            .RequireAuthorization(ApiPolicies.Admin).WithName("RotateWebhookSecret");

        return group;
    }

    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "api-key";

    /// <summary>
    /// The rule set calls the password or token <c>authSecret</c> (one form field); a script sent
    /// <c>authPassword</c> or <c>authToken</c>, so errors are named as it spelled them.
    /// </summary>
    private static async Task<T> InApiTermsAsync<T>(EndpointInput input, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Core.Common.ValidationFailedException ex) when (ex.Errors.ContainsKey("authSecret"))
        {
            var field = input.AuthMode == AuthMode.Basic ? "authPassword" : "authToken";
            throw new Core.Common.ValidationFailedException(ex.Errors.ToDictionary(e => e.Key == "authSecret" ? field : e.Key, e => e.Value));
        }
    }

    /// <summary>Applies the fields the script sent onto <paramref name="input"/> (all of them on create).</summary>
    private static EndpointInput ToInput(WebhookRequest body, EndpointInput input)
    {
        if (body.Name is not null) input.Name = body.Name;
        if (body.Url is not null) input.Url = body.Url;
        if (body.Description is not null) input.Description = body.Description;
        if (body.Events is not null) input.Events = body.Events;
        if (body.Enabled is { } enabled) input.Enabled = enabled;
        if (body.SignatureScheme is not null) input.SignatureScheme = WebhookEnums.ParseScheme(body.SignatureScheme);
        if (body.AuthMode is not null) input.AuthMode = WebhookEnums.ParseAuth(body.AuthMode);
        if (body.AuthUsername is not null) input.AuthUsername = body.AuthUsername;
        input.AuthSecret = input.AuthMode switch
        {
            AuthMode.Basic => body.AuthPassword,
            AuthMode.Bearer => body.AuthToken,
            _ => null,
        };
        if (body.Headers is not null) input.Headers = body.Headers.Select(h => new HeaderInput { Name = h.Key, Value = h.Value }).ToList();
        if (body.TimeoutSeconds is { } timeout) input.TimeoutSeconds = timeout;
        if (body.RetryEnabled is { } retry) input.RetryEnabled = retry;
        if (body.RateLimitPerSecond is not null) input.RateLimitPerSecond = body.RateLimitPerSecond == 0 ? null : body.RateLimitPerSecond;
        input.Secret = body.Secret;
        return input;
    }
}

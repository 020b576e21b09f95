namespace Webhooks.Console.Api;

public static class ApiEndpoints
{
    /// <summary>Maps <c>/api/v1</c>: API-key auth, problem+json errors, no cookies and no antiforgery.</summary>
    public static IEndpointRouteBuilder MapWebhooksHttpApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter<ApiErrorFilter>().DisableAntiforgery();
        api.MapWebhooksApi();
        api.MapWebhookOperationsApi();
        api.MapEventTypesApi();
        api.MapEventsApi();
        api.MapDeliveriesApi();
        api.MapJobsApi();
        return app;
    }
}

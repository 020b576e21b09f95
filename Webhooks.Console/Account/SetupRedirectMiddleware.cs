using Microsoft.Extensions.Options;
using Webhooks.Console.Metrics;

namespace Webhooks.Console.Account;

/// <summary>With no users yet, every page leads to <c>/setup</c>: there is no default password to sign in with.</summary>
public sealed class SetupRedirectMiddleware(RequestDelegate next, SetupState setup, IOptions<MetricsOptions> metrics)
{
    // Whole path segments: a prefix test on "/api" would also let the "/api-keys" page through.
    // Only GETs are redirected, so the inbox's POST /inbox/{token} needs no entry here.
    private static readonly PathString[] PassThrough = ["/setup", "/_framework", "/_content", "/_blazor", "/healthz", "/api", "/css", "/favicon.ico", "/openapi"];

    // A scraper, like a health probe, must get its answer before anyone has signed up.
    private readonly PathString _metrics = metrics.Value.Path;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (HttpMethods.IsGet(context.Request.Method)
            && !PassThrough.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && !path.StartsWithSegments(_metrics, StringComparison.OrdinalIgnoreCase)
            && !await setup.HasUsersAsync(context.RequestAborted))
        {
            context.Response.Redirect("/setup");
            return;
        }
        await next(context);
    }
}

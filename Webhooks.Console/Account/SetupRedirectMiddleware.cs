namespace Webhooks.Console.Account;

/// <summary>With no users yet, every page leads to <c>/setup</c>: there is no default password to sign in with.</summary>
public sealed class SetupRedirectMiddleware(RequestDelegate next, SetupState setup)
{
    private static readonly string[] PassThrough = ["/setup", "/_framework", "/_content", "/_blazor", "/healthz", "/api", "/inbox", "/css", "/favicon", "/openapi"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (HttpMethods.IsGet(context.Request.Method)
            && !PassThrough.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            && !await setup.HasUsersAsync(context.RequestAborted))
        {
            context.Response.Redirect("/setup");
            return;
        }
        await next(context);
    }
}

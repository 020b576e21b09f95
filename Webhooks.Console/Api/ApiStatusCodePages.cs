namespace Webhooks.Console.Api;

/// <summary>
/// Errors the framework answers before any handler runs (no such route, wrong method, a body that
/// is not JSON) would go out as bare status codes; under <c>/api</c> they get a problem+json body
/// like every other API error, saying what to change.
/// </summary>
public static class ApiStatusCodePages
{
    public static IApplicationBuilder UseApiStatusCodePages(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var request = context.Request;
            var (title, detail) = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ("Not found", $"No API route matches {request.Method} {request.Path}; the routes are listed at /openapi/v1.json."),
                StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{request.Path} does not answer {request.Method}; the routes are listed at /openapi/v1.json."),
                StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "Send the body as JSON with 'Content-Type: application/json'."),
                var code => (ReasonPhrase(code), "The request could not be handled."),
            };
            await ApiProblems.WriteAsync(context, context.Response.StatusCode, title, detail);
        }));

    private static string ReasonPhrase(int code) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase : "Error";
}

namespace Webhooks.Console.Api;

/// <summary>
/// Gives a problem+json body to the API answers the framework makes without one: 401 and 403 from
/// authorization, 404 for unknown routes, 405 for a wrong method, 415 for a body that is not JSON,
/// 400 for a query value that cannot bind. Scripts then parse one error shape, whoever refused them.
/// </summary>
public static class ApiStatusProblems
{
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var (title, detail) = status switch
            {
                StatusCodes.Status401Unauthorized => ("Unauthorized", "Send a valid API key: Authorization: Bearer <key>."),
                StatusCodes.Status403Forbidden => ("Forbidden", "This API key does not have the scope this route needs."),
                StatusCodes.Status404NotFound => ("Not found", $"There is no API route {http.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{http.Request.Method} is not supported on {http.Request.Path}."),
                StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "Send the body as application/json."),
                _ => ("Bad request", "The request could not be read."),
            };
            await ApiProblems.WriteAsync(http, status, title, detail);
        }));
}

using Microsoft.OpenApi;

namespace Webhooks.Console.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddWebhooksOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Webhooks API",
                Version = "v1",
                Description = "Manage webhook endpoints, publish events and read deliveries. Authenticate with 'Authorization: Bearer <api key>'. The webhooks section describes what receivers get.",
            });
            o.AddSecurityDefinition("apiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from the console's API keys page.",
            });
            o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", doc)] = [] });
            // Only the HTTP API: the console's pages and account posts are not for scripts.
            o.DocInclusionPredicate((_, api) => api.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
            o.DocumentFilter<WebhooksDocumentFilter>();
        });
        return services;
    }

    public static WebApplication UseWebhooksOpenApi(this WebApplication app)
    {
        app.UseSwagger(o =>
        {
            o.RouteTemplate = "openapi/{documentName}.json";
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint(DocumentPath, "Webhooks API v1");
            o.DocumentTitle = "Webhooks API";
        });
        return app;
    }
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Webhooks.Console.OpenApi;

public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";
    private const string SecuritySchemeName = "apiKey";

    /// <summary>The OpenAPI 3.1 document of the HTTP API, with a <c>webhooks</c> entry per catalog event type.</summary>
    public static IServiceCollection AddWebhooksOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // Only the HTTP API: the console's pages, account posts and this reference are not for scripts.
            o.ShouldInclude = api => api.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<WebhooksDocumentTransformer>();
        });
        return services;
    }

    /// <summary>Maps the document at <see cref="DocumentPath"/> and its browsable reference at <see cref="ReferencePath"/>, both public.</summary>
    public static WebApplication UseWebhooksOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(ReferencePath, o =>
        {
            o.Title = "Webhooks API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            o.AddDocument(DocumentName);
            // Nothing may leave the machine: Scalar's default fonts come from its CDN, its telemetry reports
            // use of the request client to Scalar, and its AI chat (free on localhost) talks to Scalar's API.
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.DisableAgent();
            o.DisableMcp();
            // Its configuration toolbar is for Scalar's own developers, and links out to Scalar.
            o.HideDeveloperTools();
        });
        return app;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Webhooks API",
            Version = DocumentName,
            Description = "Manage webhook endpoints, publish events and read deliveries. Authenticate with `Authorization: Bearer YOUR_API_KEY` (console → API keys). The webhooks section describes what receivers get.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from the console's API keys page.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
    }
}

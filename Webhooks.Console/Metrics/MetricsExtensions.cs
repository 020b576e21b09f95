using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Webhooks.Core.Metrics;

namespace Webhooks.Console.Metrics;

public static class MetricsExtensions
{
    /// <summary>
    /// OpenTelemetry metrics of the console's own meter plus ASP.NET Core's, exported
    /// for Prometheus. Each instance reports as itself (<c>service.instance.id</c>: host and process), so
    /// several consoles on one database are told apart in the scrape's <c>target_info</c>.
    /// </summary>
    public static IServiceCollection AddConsoleMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StoredStateMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("webhooks-console", serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithMetrics(m => m
                .AddMeter(DeliveryMetrics.MeterName)
                // ASP.NET Core's own meters (request durations, connections), no instrumentation package needed.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());
        return services;
    }

    /// <summary>The scrape endpoint at <see cref="MetricsOptions.Path"/>, behind the token when one is set.</summary>
    public static WebApplication MapConsoleMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
            return app;
        // Its gauges exist once it does.
        app.Services.GetRequiredService<StoredStateMetrics>();
        app.MapPrometheusScrapingEndpoint(options.Path, meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (options.Token is { Length: > 0 } token)
                branch.Use(async (context, next) =>
                {
                    if (HasToken(context.Request, token))
                        await next(context);
                    else
                        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                            detail: $"{options.Path} needs the header Authorization: Bearer <Webhooks:Metrics:Token>.").ExecuteAsync(context);
                });
        }, optionsName: null).AllowAnonymous();
        return app;
    }

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}

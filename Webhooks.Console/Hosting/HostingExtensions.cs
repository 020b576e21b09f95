using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;
using Webhooks.Console.Account;
using Webhooks.Console.Api;
using Webhooks.Console.Inbox;
using Webhooks.Console.Jobs;
using Webhooks.Console.Metrics;
using Webhooks.Console.OpenApi;
using Webhooks.Console.Shell;
using Webhooks.Core;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddWebhooksConsole(this WebApplicationBuilder builder)
    {
        // The operator edits the repository's appsettings.json, copied beside the binary; the
        // content root (project folder under dotnet run) may not hold one.
        // Inserted first so environment variables and the command line still override it.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
        });

        // MudBlazor's files come from its package's static web assets; outside Development they are only
        // mapped when asked for (a published app has them in wwwroot and this is a no-op).
        builder.WebHost.UseStaticWebAssets();

        var paths = ConsolePaths.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddWebhooksData(paths);

        builder.AddConsoleAccounts();
        builder.Services.AddApiKeyAuthentication();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.AddWebhooksOpenApi();
        builder.Services.AddHealthChecks().AddDbContextCheck<WebhooksDbContext>("database");
        builder.Services.AddConsoleMetrics();
        return builder;
    }

    /// <summary>
    /// The database, the key ring, Core (publishing, the dispatcher, history) and the Hangfire server
    /// that runs the dispatcher and the jobs. The console and
    /// the <c>bench</c> command register exactly this, so the bench measures the dispatcher the console runs.
    /// </summary>
    public static IServiceCollection AddWebhooksData(this IServiceCollection services, ConsolePaths paths)
    {
        services.AddSingleton(paths);
        services.AddWebhooksPersistence(paths.ConnectionString, paths.Provider);
        services.AddDataProtection()
            .SetApplicationName("Webhooks")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDirectory));
        services.AddWebhooksCore();
        services.AddWebhookJobs(paths.JobsStorage, paths.Provider);
        return services;
    }

    public static async Task InitializeWebhooksConsoleAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await app.Services.GetRequiredService<AdminBootstrap>().RunAsync();
    }

    public static WebApplication UseWebhooksConsole(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStaticFiles();
        app.UseWebhooksOpenApi();
        app.UseApiStatusProblems();
        app.UseAuthentication();
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz");
        app.MapConsoleMetrics();
        app.MapAccountEndpoints();
        app.MapWebhooksHttpApi();
        app.MapInbox();
        app.MapJobsDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

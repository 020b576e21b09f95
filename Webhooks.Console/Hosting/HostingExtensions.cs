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
        var keyRing = services.AddDataProtection().SetApplicationName("Webhooks");
        if (paths.KeysDirectory is { } keysDirectory)
            keyRing.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        else
            // PostgreSQL: one ring in the database for every console on it. Through the provider's own
            // context type, the one its migrations (and so the table) belong to.
            keyRing.PersistKeysToDbContext<PostgreSqlWebhooksDbContext>();
        services.AddWebhooksCore();
        services.AddWebhookJobs(paths.JobsStorage, paths.Provider);
        return services;
    }

    /// <summary>
    /// Migrates and seeds the database, makes sure the key ring has a key, and creates the bootstrap
    /// admin: one console at a time on a shared database (<see cref="StartupLock"/>).
    /// </summary>
    public static async Task InitializeWebhooksConsoleAsync(this WebApplication app)
    {
        var paths = app.Services.GetRequiredService<ConsolePaths>();
        if (paths.IgnoredKeysPath is not null)
            // A warning, not a refusal to start: nothing reads or writes that folder, so the ring cannot
            // split, and a settings file shared with a SQLite install keeps working.
            app.Services.GetRequiredService<ILogger<ConsolePaths>>().LogWarning(
                "{KeysPathKey} ({KeysPath}) is ignored: on PostgreSQL the key ring is the database's DataProtectionKeys table, shared by every console on it",
                ConsolePaths.KeysPathKey, paths.IgnoredKeysPath);
        await app.Services.GetRequiredService<StartupLock>().RunAsync(async () =>
        {
            await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            CreateFirstKey(app.Services);
            await app.Services.GetRequiredService<AdminBootstrap>().RunAsync();
        });
    }

    /// <summary>
    /// Reads the key ring now, which creates its first key when it has none. Consoles starting together
    /// on an empty database would otherwise each create a key on first use and each cache a ring without
    /// the other's, which Data Protection re-reads only about once a day (an unknown key is looked up
    /// again only in a process's first two minutes): a secret or cookie from one would fail on the other.
    /// Under the start-up lock the first console creates the key and every later one reads it.
    /// </summary>
    private static void CreateFirstKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Webhooks.Startup").Protect("key ring"u8.ToArray());

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

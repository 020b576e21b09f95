using Webhooks.Core;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Webhooks.Console.Account;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Console;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Endpoints;

/// <summary>
/// bunit context for whole console pages over a real SQLite file (migrated and seeded the way the
/// app starts), so page tests catch query and mapping errors a fake would hide.
/// </summary>
public class ConsolePageTestContext : BunitContext
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "webhooks-ui-tests-" + Guid.NewGuid().ToString("N"));

    public ConsolePageTestContext() : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Configuration as the app would read it, such as <c>Webhooks:Delivery:AllowHttp</c>.</param>
    /// <param name="liveUpdates">
    /// The delivery notifier's clock: <see cref="LiveUpdates"/> (held, fired by the test) by default; the
    /// system clock where a running job server notifies from its own threads (<see cref="JobsPageTestContext"/>).
    /// </param>
    protected ConsolePageTestContext(IDictionary<string, string?> settings, TimeProvider? liveUpdates = null)
    {
        Directory.CreateDirectory(_directory);
        // Every WaitFor* against real SQLite and MudBlazor's renders: bunit's 1 s default fails on a busy machine.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddLogging();
        Services.AddWebhooksPersistence($"Data Source={Path.Combine(_directory, "webhooks.db")}");
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddWebhooksCore();
        // The console's job services; the Hangfire server runs only where a test starts it (JobsPageTestContext).
        Services.AddWebhookJobs(Path.Combine(_directory, "webhooks-jobs.db"));
        // Live updates happen when a test fires them, never from a timer thread mid-assertion.
        Services.AddSingleton(new DeliveryNotifier(liveUpdates ?? LiveUpdates));
        Services.AddMudServices();
        Services.AddScoped<CurrentUser>();
        Services.AddConsoleIdentity();
        Auth = this.AddAuthorization();
        Services.GetRequiredService<DatabaseInitializer>().InitializeAsync().GetAwaiter().GetResult();
        SignInAs(Roles.Admin);
    }

    public BunitAuthorizationContext Auth { get; }

    /// <summary>Holds the delivery notifier's timer: <c>LiveUpdates.Fire()</c> delivers the pending notice.</summary>
    public HeldTimeProvider LiveUpdates { get; } = new();

    /// <summary>
    /// MudBlazor's popover host (select lists, menus, tooltips render into it, not into the
    /// component). Rendered on first use, so subclasses can still add services before.
    /// </summary>
    public IRenderedComponent<MudBlazor.MudPopoverProvider> Popovers => _popovers ??= Render<MudBlazor.MudPopoverProvider>();

    /// <summary>MudBlazor's dialog host: dialogs opened through <c>IDialogService</c> render here.</summary>
    public IRenderedComponent<MudBlazor.MudDialogProvider> Dialogs => _dialogs ??= Render<MudBlazor.MudDialogProvider>();

    private IRenderedComponent<MudBlazor.MudPopoverProvider>? _popovers;
    private IRenderedComponent<MudBlazor.MudDialogProvider>? _dialogs;

    /// <summary>The console's jobs (Retry now, Retry selected, Recover) as the pages use them.</summary>
    public ConsoleJobs Jobs => Services.GetRequiredService<ConsoleJobs>();

    public EndpointService Endpoints => Services.GetRequiredService<EndpointService>();

    /// <summary>
    /// Signs in as a real user of that role in the store (created on first use): the console checks
    /// every change against the store, not against the principal alone.
    /// </summary>
    public void SignInAs(string role)
    {
        var email = role.ToLowerInvariant() + "@example.com";
        var userId = UserIdAsync(email, role).GetAwaiter().GetResult();
        Auth.SetAuthorized(email);
        Auth.SetRoles(role);
        Auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId));
    }

    private async Task<string> UserIdAsync(string email, string role)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        if (await users.FindByEmailAsync(email) is { } existing)
            return existing.Id;
        var roles = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
            await roles.CreateAsync(new Microsoft.AspNetCore.Identity.IdentityRole(role));
        var result = await UserAccounts.CreateAsync(users, email, "a long enough password", role);
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        return (await users.FindByEmailAsync(email))!.Id;
    }

    public async Task<(Endpoint Endpoint, string Secret)> CreateEndpointAsync(string name = "Orders", Action<EndpointInput>? change = null)
    {
        var input = new EndpointInput { Name = name, Url = "https://example.com/" + name.ToLowerInvariant(), Events = ["webhook.test"] };
        change?.Invoke(input);
        return await Endpoints.CreateAsync(input, "seed@example.com");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

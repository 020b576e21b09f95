using Webhooks.Core;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Radzen;
using Webhooks.Console.Account;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Delivery;
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
    protected ConsolePageTestContext(IDictionary<string, string?> settings)
    {
        Directory.CreateDirectory(_directory);
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddLogging();
        Services.AddWebhooksPersistence($"Data Source={Path.Combine(_directory, "webhooks.db")}");
        Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        Services.AddWebhooksCore();
        // Live updates happen when a test fires them, never from a timer thread mid-assertion.
        Services.AddSingleton(new DeliveryNotifier(LiveUpdates));
        Services.AddRadzenComponents();
        Services.AddMudServices();
        Services.AddScoped<CurrentUser>();
        Auth = this.AddAuthorization();
        SignInAs(Roles.Admin);
        Services.GetRequiredService<DatabaseInitializer>().InitializeAsync().GetAwaiter().GetResult();
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

    public EndpointService Endpoints => Services.GetRequiredService<EndpointService>();

    public void SignInAs(string role)
    {
        Auth.SetAuthorized(role.ToLowerInvariant() + "@example.com");
        Auth.SetRoles(role);
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

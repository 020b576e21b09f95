using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class EndpointWorkflowTests(Browser browser) : IAsyncLifetime
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "correct-horse-battery";
    private ConsoleProcess _app = default!;

    public async Task InitializeAsync() => _app = await ConsoleProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await browser.ClosePagesAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task FirstRun_LeadsThroughSetupSignInAndEndpointLifecycle_WhenNoUsersExist()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);

        // No users: any page leads to setup, which creates the first admin and signs them in.
        await page.GotoAsync("/endpoints");
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await page.GetByLabel("Email").FillAsync(AdminEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("Confirm password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // Signed out, /endpoints lands on the login page; signing in returns there.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.GotoAsync("/endpoints");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl=%2Fendpoints", RegexOptions.IgnoreCase));
        await page.GetByLabel("Email").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/endpoints$"));

        // Create.
        await page.GetByRole(AriaRole.Button, new() { Name = "New endpoint" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/endpoints/new$"));
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Billing service");
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync("https://127.0.0.1:9/hooks/billing");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Receives customer events");
        await page.GetByLabel("customer.created", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("whsec_").First).ToBeVisibleAsync();

        await page.GotoInteractiveAsync("/endpoints");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing service" });
        await Expect(row).ToHaveCountAsync(1);

        // Edit.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/endpoints/ep_[0-9A-Z]+/edit$"));
        var endpointId = Regex.Match(page.Url, "/endpoints/(ep_[0-9A-Z]+)/edit").Groups[1].Value;
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Billing service v2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/endpoints/{endpointId}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing service v2" })).ToBeVisibleAsync();

        // Disable.
        await page.GotoInteractiveAsync("/endpoints");
        row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing service v2" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await page.Locator("[role=dialog], [role=alertdialog]").GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row.GetByText("Disabled", new() { Exact = true })).ToBeVisibleAsync();

        // A Viewer can read but cannot open the edit page.
        await page.GotoInteractiveAsync("/users");
        await page.GetByLabel("Email").FillAsync("viewer@example.com");
        await page.GetByLabel("Password").FillAsync("viewer-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "viewer@example.com" })).ToBeVisibleAsync();

        var viewer = await browser.NewPageAsync(_app.BaseUrl);
        await viewer.LogInAsync("viewer@example.com", "viewer-password-1");
        await viewer.GotoAsync($"/endpoints/{endpointId}/edit");
        await Expect(viewer).ToHaveURLAsync(new Regex("/Account/AccessDenied"));
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await viewer.GotoInteractiveAsync("/endpoints");
        await Expect(viewer.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing service v2" })).ToHaveCountAsync(1);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);

        // Delete, with confirmation.
        row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing service v2" });
        await page.GotoInteractiveAsync("/endpoints");
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.Locator("[role=dialog], [role=alertdialog]").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Billing service v2" })).ToHaveCountAsync(0);
    }
}

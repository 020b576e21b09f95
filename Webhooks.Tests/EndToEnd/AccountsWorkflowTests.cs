using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Webhooks.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.EndToEnd;

/// <summary>Users, lockout and API keys in the real console, as an admin meets them in the browser.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccountsWorkflowTests(Browser browser) : IAsyncLifetime
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "correct-horse-battery";
    private const string ApiKey = "accounts-test-key-0123456789abcdef";
    private ConsoleProcess? _console;

    // Started by each test: one needs a short revalidation interval the others must not have.
    private ConsoleProcess _app => _console ?? throw new InvalidOperationException("Start the console first.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.ClosePagesAsync();
        if (_console is not null)
            await _console.DisposeAsync();
    }

    /// <param name="settings">Extra configuration, such as <c>--Webhooks:Accounts:RevalidationInterval=00:00:01</c>.</param>
    private async Task StartConsoleAsync(params string[] settings) => _console = await ConsoleProcess.StartAsync(null,
        [$"--Webhooks:Bootstrap:AdminEmail={AdminEmail}", $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}", $"--Webhooks:Bootstrap:ApiKey={ApiKey}", .. settings]);

    private static ILocator Row(IPage page, string text) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    /// <summary>The admin, signed in on the Users page, having just added <paramref name="email"/> as a Viewer.</summary>
    private async Task<IPage> AdminAddsUserAsync(string email, string password)
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.LogInAsync(AdminEmail, AdminPassword);
        await page.GotoInteractiveAsync("/users");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = email })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>The role change as an admin makes it on the Users page (the one place to add a confirmation step).</summary>
    private static async Task ChangeRoleAsync(IPage usersPage, string email, string role)
    {
        await Row(usersPage, email).GetByRole(AriaRole.Combobox).ClickAsync();
        await usersPage.GetByRole(AriaRole.Option, new() { Name = role }).ClickAsync();
        await usersPage.Locator("[role=dialog], [role=alertdialog]").GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Expect(usersPage.GetByText($"{email} is now {role}.")).ToBeVisibleAsync();
    }

    /// <summary>Removes a user on the Users page, confirming the dialog.</summary>
    private static async Task RemoveUserAsync(IPage usersPage, string email)
    {
        await Row(usersPage, email).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await usersPage.Locator("[role=dialog], [role=alertdialog]").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(Row(usersPage, email)).ToHaveCountAsync(0);
    }

    private static async Task<string> FailedLogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        return await page.GetByRole(AriaRole.Alert).InnerTextAsync();
    }

    [Fact]
    public async Task UsersPage_AddsChangesRoleAndRemoves_WhenAdminActs()
    {
        await StartConsoleAsync();
        var page = await AdminAddsUserAsync("colleague@example.com", "colleague-password-1");

        await ChangeRoleAsync(page, "colleague@example.com", "Admin");
        await page.GotoInteractiveAsync("/users");
        await Expect(Row(page, "colleague@example.com").GetByRole(AriaRole.Combobox)).ToContainTextAsync("Admin");

        await RemoveUserAsync(page, "colleague@example.com");

        var removed = await browser.NewPageAsync(_app.BaseUrl);
        Assert.Equal("Invalid email or password.", await FailedLogInAsync(removed, "colleague@example.com", "colleague-password-1"));
    }

    [Fact]
    public async Task LogIn_LocksAccount_WhenPasswordIsWrongFiveTimes()
    {
        await StartConsoleAsync();
        var admin = await AdminAddsUserAsync("forgetful@example.com", "forgetful-password-1");

        var page = await browser.NewPageAsync(_app.BaseUrl);
        for (var i = 0; i < 4; i++)
            Assert.Equal("Invalid email or password.", await FailedLogInAsync(page, "forgetful@example.com", "wrong-password"));
        Assert.Contains("locked", await FailedLogInAsync(page, "forgetful@example.com", "wrong-password"));

        // Even the right password is refused while the lockout lasts, and the Users page says so.
        Assert.Contains("locked", await FailedLogInAsync(page, "forgetful@example.com", "forgetful-password-1"));
        await admin.GotoInteractiveAsync("/users");
        await Expect(Row(admin, "forgetful@example.com")).ToContainTextAsync("yes");
    }

    [Fact]
    public async Task ApiKeysPage_ShowsKeyOnceAndRevokes_WhenAdminCreatesAReadOnlyKey()
    {
        await StartConsoleAsync();
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.LogInAsync(AdminEmail, AdminPassword);
        await page.GotoInteractiveAsync("/api-keys");
        await page.GetByLabel("Key name").FillAsync("nightly report");
        await page.GetByText("write", new() { Exact = true }).ClickAsync();
        await page.GetByText("publish", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.GetByTestId("new-api-key").InnerTextAsync()).Trim();
        Assert.StartsWith("whk_", key);

        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/events", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        // Shown once: a fresh visit lists the name and prefix, when it was last used, never the key.
        await page.GotoInteractiveAsync("/api-keys");
        var row = Row(page, "nightly report");
        await Expect(row).ToContainTextAsync(key[..8]);
        await Expect(row).Not.ToContainTextAsync("never");
        Assert.DoesNotContain(key, await page.ContentAsync());

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.Locator("[role=dialog], [role=alertdialog]").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/webhooks")).StatusCode);
        await Expect(page).ToHaveURLAsync(new Regex("/api-keys$"));
    }

    [Fact]
    public async Task EndpointEditPage_RefusesSaveInPlace_WhenAdminWasDemotedInAnotherSession()
    {
        // The default revalidation interval (1 min): the demoted admin's open circuit acts before it is re-checked.
        await StartConsoleAsync("--Webhooks:Delivery:AllowHttp=true", "--Webhooks:Delivery:AllowPrivateNetworks=true");
        var api = new WebhooksApiDriver(_app.Client(ApiKey));
        var endpointId = await api.CreateEndpointAsync(new Uri("http://127.0.0.1:9/hook"), "Orders");
        var admin = await AdminAddsUserAsync("demoted@example.com", "demoted-password-1");
        await ChangeRoleAsync(admin, "demoted@example.com", "Admin");

        var demoted = await browser.NewPageAsync(_app.BaseUrl);
        await demoted.LogInAsync("demoted@example.com", "demoted-password-1");
        await demoted.GotoInteractiveAsync($"/endpoints/{endpointId}/edit");
        await demoted.Locator("#name").FillAsync("Renamed after demotion");

        await ChangeRoleAsync(admin, "demoted@example.com", "Viewer");
        await demoted.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(demoted.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only an Admin can do this.");
        await Expect(demoted).ToHaveURLAsync(new Regex($"/endpoints/{endpointId}/edit$"));
        var stored = await api.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/webhooks/{endpointId}");
        Assert.Equal("Orders", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task OpenPage_SignsRemovedUserOut_WhenAdminRemovesThemInAnotherSession()
    {
        // Short revalidation, so the removed user's circuit is re-checked while the test waits for the sign-out.
        await StartConsoleAsync("--Webhooks:Accounts:RevalidationInterval=00:00:01");
        var admin = await AdminAddsUserAsync("leaver@example.com", "leaver-password-1");

        var leaver = await browser.NewPageAsync(_app.BaseUrl);
        await leaver.LogInAsync("leaver@example.com", "leaver-password-1");
        await leaver.GotoInteractiveAsync("/endpoints");
        await Expect(leaver.GetByRole(AriaRole.Heading, new() { Name = "Endpoints" })).ToBeVisibleAsync();

        await RemoveUserAsync(admin, "leaver@example.com");

        // The open circuit, with no click of the leaver's, ends on the login page.
        await Expect(leaver).ToHaveURLAsync(new Regex("/Account/Login"));
        await leaver.GotoAsync("/endpoints");
        await Expect(leaver).ToHaveURLAsync(new Regex("/Account/Login"));
    }
}

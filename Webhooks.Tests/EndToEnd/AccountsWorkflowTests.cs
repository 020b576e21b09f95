using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.EndToEnd;

/// <summary>Users, lockout and API keys in the real console, as an admin meets them in the browser.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AccountsWorkflowTests(Browser browser) : IAsyncLifetime
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "correct-horse-battery";
    private ConsoleProcess _app = default!;

    public async Task InitializeAsync() => _app = await ConsoleProcess.StartAsync(null,
        $"--Webhooks:Bootstrap:AdminEmail={AdminEmail}", $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}");

    public async Task DisposeAsync()
    {
        await browser.ClosePagesAsync();
        await _app.DisposeAsync();
    }

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
        var page = await AdminAddsUserAsync("colleague@example.com", "colleague-password-1");

        await Row(page, "colleague@example.com").GetByRole(AriaRole.Combobox).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Admin" }).ClickAsync();
        await Expect(page.GetByText("colleague@example.com is now Admin.")).ToBeVisibleAsync();
        await page.GotoInteractiveAsync("/users");
        await Expect(Row(page, "colleague@example.com").GetByRole(AriaRole.Combobox)).ToContainTextAsync("Admin");

        await Row(page, "colleague@example.com").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await page.Locator("[role=dialog], [role=alertdialog]").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(Row(page, "colleague@example.com")).ToHaveCountAsync(0);

        var removed = await browser.NewPageAsync(_app.BaseUrl);
        Assert.Equal("Invalid email or password.", await FailedLogInAsync(removed, "colleague@example.com", "colleague-password-1"));
    }

    [Fact]
    public async Task LogIn_LocksAccount_WhenPasswordIsWrongFiveTimes()
    {
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
}

using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Radzen.Blazor;
using Webhooks.Console.Account;
using Webhooks.Console.Endpoints;
using Webhooks.Console.Shared;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class EndpointPagesTests : ConsolePageTestContext
{
    private static IElement Button(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static bool HasButton(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string text) =>
        cut.FindAll("button").Any(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task EndpointsPage_ListsEndpointsWithAdminActions_WhenUserIsAdmin()
    {
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Orders", cut.Find("a[href^='endpoints/ep']").TextContent));
        Assert.Contains("https://example.com/orders", cut.Markup);
        Assert.True(HasButton(cut, "New endpoint"));
        Assert.True(HasButton(cut, "Edit"));
        Assert.True(HasButton(cut, "Disable"));
        Assert.True(HasButton(cut, "Delete"));
        Assert.Contains("Enabled", cut.Find(".status-badge").TextContent);
    }

    [Fact]
    public async Task EndpointsPage_HidesEveryChangeButton_WhenUserIsViewer()
    {
        await CreateEndpointAsync("Orders");
        SignInAs(Roles.Viewer);

        var cut = Render<EndpointsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Orders", cut.Markup));
        foreach (var text in new[] { "New endpoint", "Edit", "Disable", "Enable", "Delete" })
            Assert.False(HasButton(cut, text), text);
    }

    [Fact]
    public async Task EndpointsPage_DisablesEndpoint_WhenAdminClicksDisable()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var cut = Render<EndpointsPage>();
        cut.WaitForAssertion(() => Button(cut, "Disable"));

        Button(cut, "Disable").Click();

        cut.WaitForAssertion(() => Assert.True(HasButton(cut, "Enable")));
        Assert.False((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);
    }

    [Fact]
    public async Task EndpointsPage_DeletesAfterConfirm_WhenAdminConfirmsDelete()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var dialogs = Render<RadzenDialog>();
        var cut = Render<EndpointsPage>();
        cut.WaitForAssertion(() => Button(cut, "Delete"));

        _ = Button(cut, "Delete").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the endpoint 'Orders'?", dialogs.Find(".rz-dialog").TextContent));
        _ = dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Deleted Orders.", cut.Markup));
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Endpoints.AnyAsync(e => e.Id == endpoint.Id));
    }

    [Fact]
    public async Task DetailPage_ShowsBannerWithReasonAndReenable_WhenDisabledAutomatically()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
        {
            var row = await db.Endpoints.SingleAsync(e => e.Id == endpoint.Id);
            row.IsEnabled = false;
            row.DisabledAutomatically = true;
            row.DisabledReason = "Failed 50 times in a row over 5 days.";
            row.ConsecutiveFailures = 50;
            await db.SaveChangesAsync();
        }

        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));

        cut.WaitForAssertion(() => Assert.Contains("Failed 50 times in a row over 5 days.", cut.Find(".disabled-banner").TextContent));
        Button(cut, "Re-enable").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".disabled-banner")));
        Assert.True((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);
    }

    [Fact]
    public async Task DetailPage_RevealsTheSecret_WhenAdminClicksReveal()
    {
        var (endpoint, secret) = await CreateEndpointAsync("Orders");
        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));
        cut.WaitForAssertion(() => Assert.Equal(endpoint.SecretHint, cut.Find("[data-testid=secret-hint]").TextContent));
        Assert.DoesNotContain(secret, cut.Markup);

        Button(cut, "Reveal").Click();

        cut.WaitForAssertion(() => Assert.Equal(secret, cut.Find("[data-testid=secret-value]").TextContent));
        Assert.True(HasButton(cut, "Copy"));
    }

    [Fact]
    public async Task DetailPage_ShowsNoSecretOrChangeButtons_WhenUserIsViewer()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        SignInAs(Roles.Viewer);

        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));

        cut.WaitForAssertion(() => Assert.Contains("Orders", cut.Find("h1").TextContent));
        foreach (var text in new[] { "Edit", "Delete", "Disable", "Reveal", "Rotate secret" })
            Assert.False(HasButton(cut, text), text);
    }

    [Fact]
    public async Task SecretSection_RefusesReveal_WhenUserIsViewerEvenIfButtonIsShown()
    {
        var (endpoint, secret) = await CreateEndpointAsync("Orders");
        SignInAs(Roles.Viewer);
        var cut = Render<SecretSection>(p => p.Add(x => x.Endpoint, endpoint).Add(x => x.IsAdmin, true));

        Button(cut, "Reveal").Click();

        cut.WaitForAssertion(() => Assert.Contains(UiError.AdminOnly, cut.Markup));
        Assert.DoesNotContain(secret, cut.Markup);
    }

    [Fact]
    public async Task SecretSection_ShowsTheNewHintAtOnce_WhenAdminRotates()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var dialogs = Render<RadzenDialog>();
        // Rendered alone: nothing above it reloads the endpoint, as happens inside the detail page's tabs.
        var cut = Render<SecretSection>(p => p.Add(x => x.Endpoint, endpoint).Add(x => x.IsAdmin, true));

        _ = Button(cut, "Rotate secret").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Rotate secret"));
        _ = dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Rotate secret").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("New signing secret", cut.Markup));
        var rotated = await Endpoints.GetAsync(endpoint.Id);
        Assert.NotEqual(endpoint.SecretHint, rotated.SecretHint);
        cut.WaitForAssertion(() => Assert.Equal(rotated.SecretHint, cut.Find("[data-testid=secret-hint]").TextContent));
        Assert.Contains("previous secret also signs", cut.Markup);
    }

    [Fact]
    public void DetailPage_SaysNotFound_WhenEndpointDoesNotExist()
    {
        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, "ep_missing"));

        cut.WaitForAssertion(() => Assert.Contains("was not found", cut.Find("[role=alert]").TextContent));
    }

    [Fact]
    public void CreatePage_ShowsSecretOnceAndLink_WhenFormIsValid()
    {
        var cut = Render<EndpointCreatePage>();
        cut.WaitForAssertion(() => cut.Find("form.endpoint-form"));

        cut.Find("input#name").Change("Billing");
        cut.Find("input#url").Change("https://example.com/billing");
        cut.Find("input[id='event-webhook.test']").Change(true);
        cut.Find("form.endpoint-form").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("whsec_", cut.Find("[data-testid=secret-value]").TextContent));
        Assert.Contains("Copy this secret now; it will be shown only as a hint afterwards", cut.Markup);
        Assert.StartsWith("endpoints/ep", cut.Find("a[href^='endpoints/']").GetAttribute("href"));
    }

    [Fact]
    public async Task EditPage_SavesAndNavigatesToDetail_WhenFormIsValid()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var nav = Services.GetRequiredService<NavigationManager>();
        var cut = Render<EndpointEditPage>(p => p.Add(x => x.Id, endpoint.Id));
        cut.WaitForAssertion(() => Assert.Equal("Orders", cut.Find("input#name").GetAttribute("value")));

        cut.Find("input#name").Change("Orders v2");
        cut.Find("form.endpoint-form").Submit();

        cut.WaitForAssertion(() => Assert.EndsWith($"/endpoints/{endpoint.Id}", nav.Uri));
        Assert.Equal("Orders v2", (await Endpoints.GetAsync(endpoint.Id)).Name);
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Console.Endpoints;
using Webhooks.Console.Shared;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class EndpointPagesTests : EndpointPageTestContext
{
    /// <summary>An endpoint with two failed customer.created deliveries.</summary>
    private async Task<string> EndpointWithFailedDeliveriesAsync()
    {
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var id = (await CreateEndpointAsync("Orders", i => i.Events = ["customer.created"])).Endpoint.Id;
        var publisher = Services.GetRequiredService<IWebhookPublisher>();
        await publisher.PublishAsync("customer.created", new { id = "c-1" });
        await publisher.PublishAsync("customer.created", new { id = "c-2" });
        await using var db = await DbAsync();
        await db.Deliveries.Where(d => d.EndpointId == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Failed));
        return id;
    }

    /// <summary>Presses the page's Delete and confirms, once the question says <paramref name="says"/>.</summary>
    private void DeleteAndConfirm(IRenderedComponent<IComponent> cut, string says)
    {
        cut.WaitForAssertion(() => Button(cut, "Delete"));
        _ = Button(cut, "Delete").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains(says, Dialog.TextContent));
        PressInDialog("Delete");
    }

    private Task<WebhooksDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    private static void OpenTab(IRenderedComponent<EndpointDetailPage> cut, string name) =>
        cut.FindAll("[role=tab]").Single(t => t.TextContent.Trim() == name).Click();

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
        foreach (var text in new[] { "New endpoint", "Test", "Edit", "Disable", "Enable", "Delete" })
            Assert.False(HasButton(cut, text), text);
    }

    [Fact]
    public async Task EndpointsPage_DeletesAfterConfirm_WhenAdminConfirmsDelete()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var cut = Render<EndpointsPage>();

        DeleteAndConfirm(cut, "Delete the endpoint 'Orders'? Nothing more will be sent to it. It has no deliveries yet. This cannot be undone.");

        cut.WaitForAssertion(() => Assert.Contains("Deleted Orders.", cut.Markup));
        await using var db = await DbAsync();
        Assert.False(await db.Endpoints.AnyAsync(e => e.Id == endpoint.Id));
    }

    [Fact]
    public async Task DetailPage_ShowsBannerWithReasonAndReenable_WhenDisabledAutomatically()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        await using (var db = await DbAsync())
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
        // The banner's button is the one way back: the header offers no second Enable beside it.
        Assert.False(HasButton(cut, "Enable"));
        Button(cut, "Re-enable").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".disabled-banner")));
        Assert.True((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);
        cut.WaitForAssertion(() => Assert.True(HasButton(cut, "Disable")));
    }

    [Theory]
    [InlineData("Disabled automatically after 5 failed deliveries in a row. Last error: Connection refused", "Disabled automatically after 5 failed deliveries in a row. Last error: Connection refused")]
    [InlineData("Failed 50 times in a row over 5 days.", "Disabled automatically. Failed 50 times in a row over 5 days.")]
    public async Task DetailPage_SaysDisabledAutomaticallyOnce_WhenTheReasonAlreadySaysIt(string reason, string banner)
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        await using (var db = await DbAsync())
        {
            var row = await db.Endpoints.SingleAsync(e => e.Id == endpoint.Id);
            (row.IsEnabled, row.DisabledAutomatically, row.DisabledReason) = (false, true, reason);
            await db.SaveChangesAsync();
        }

        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));

        cut.WaitForAssertion(() => Assert.StartsWith(banner, string.Join(" ", cut.Find(".disabled-banner").TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))));
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
        // Rendered alone: nothing above it reloads the endpoint, as happens inside the detail page's tabs.
        var cut = Render<SecretSection>(p => p.Add(x => x.Endpoint, endpoint).Add(x => x.IsAdmin, true));

        _ = Button(cut, "Rotate secret").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains("current one keeps signing for 24 hours", Dialog.TextContent));
        PressInDialog("Rotate secret");

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
        Checkbox(cut, "webhook.test").Change(true);
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

    [Fact]
    public async Task DetailPage_SaysHowManyDeliveriesAndAttemptsGoWithIt_WhenAdminDeletes()
    {
        var id = await EndpointWithFailedDeliveriesAsync();
        await using (var db = await DbAsync())
        {
            var deliveries = await db.Deliveries.Where(d => d.EndpointId == id).Select(d => d.Id).ToListAsync();
            db.DeliveryAttempts.AddRange(
                new DeliveryAttempt { DeliveryId = deliveries[0], Number = 1, StartedAt = DateTime.UtcNow, RequestUrl = "https://example.com/orders" },
                new DeliveryAttempt { DeliveryId = deliveries[0], Number = 2, StartedAt = DateTime.UtcNow, RequestUrl = "https://example.com/orders" },
                new DeliveryAttempt { DeliveryId = deliveries[1], Number = 1, StartedAt = DateTime.UtcNow, RequestUrl = "https://example.com/orders" });
            await db.SaveChangesAsync();
        }
        var nav = Services.GetRequiredService<NavigationManager>();
        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, id));

        DeleteAndConfirm(cut, "Nothing more will be sent to it. Its delivery history is deleted with it: 2 deliveries and 3 attempts. The events themselves stay. This cannot be undone.");

        cut.WaitForAssertion(() => Assert.EndsWith("/endpoints", nav.Uri));
        await using var after = await DbAsync();
        Assert.False(await after.Deliveries.AnyAsync(d => d.EndpointId == id));
        Assert.False(await after.DeliveryAttempts.AnyAsync());
        Assert.Equal(2, await after.Events.CountAsync());
    }

    [Fact]
    public async Task DetailPage_CountsThenQueuesARecoverJob_WhenAdminRecoversFromTheDeliveriesTab()
    {
        var id = await EndpointWithFailedDeliveriesAsync();
        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => OpenTab(cut, "Deliveries"));

        cut.WaitForAssertion(() => Assert.Contains("Deliveries over the last 24 hours", cut.Markup));
        _ = Button(cut, "Recover failed since…").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Equal("2 deliveries will be re-queued.", Dialogs.Find(".recover-count").TextContent.Trim()));
        PressInDialog("Recover 2");

        // No job server runs here: the Recover job waits in the queue, and the dialog says so.
        Dialogs.WaitForAssertion(() => Assert.Equal("Recover queued: 0 of 2 deliveries re-queued", Dialogs.Find(".job-progress-text").TextContent.Trim()));
        var job = await Jobs.LatestRecoverAsync(id);
        Assert.Equal((ConsoleJobState.Queued, 2), (job!.State, job.Total));
        PressInDialog("Close");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
    }

    [Fact]
    public async Task DetailPage_ShowsReceiverCodeForTheScheme_WhenVerifyTabIsOpened()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.SignatureScheme = SignatureScheme.StandardWebhooks);
        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));
        cut.WaitForAssertion(() => OpenTab(cut, "Verify"));

        cut.WaitForAssertion(() => Assert.Contains("webhook-signature", cut.Find(".verify-tabs pre").TextContent));
        Assert.Equal(["Settings", "Deliveries", "Verify", "Python", "Node.js", "C#"], cut.FindAll("[role=tab]").Select(t => t.TextContent.Trim()));
        Assert.True(HasButton(cut, "Copy"));
    }
}

using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Deliveries;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Deliveries;

public sealed class DeliveryDetailPageTests : EndpointPageTestContext
{
    private Task<WebhooksDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    /// <summary>One customer.created delivery to Orders, in <paramref name="status"/>.</summary>
    private async Task<string> DeliveryAsync(DeliveryStatus status)
    {
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var endpointId = (await CreateEndpointAsync("Orders", i => i.Events = ["customer.created"])).Endpoint.Id;
        await Services.GetRequiredService<IWebhookPublisher>().PublishAsync("customer.created", new { id = "c-1" });
        await using var db = await DbAsync();
        await db.Deliveries.Where(d => d.EndpointId == endpointId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, status).SetProperty(d => d.NextAttemptAt, (DateTime?)null));
        return await db.Deliveries.Where(d => d.EndpointId == endpointId).Select(d => d.Id).SingleAsync();
    }

    private async Task<Delivery> StoredAsync(string id)
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    private async Task SetAsync(string id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Delivery>> change)
    {
        await using var db = await DbAsync();
        await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(change);
    }

    private static string JobText(IRenderedComponent<DeliveryDetailPage> cut) => cut.Find(".delivery-job-text").TextContent.Trim();

    [Fact]
    public async Task RetryNow_AsksFirstAndCancelChangesNothing_WhenDeliveryAlreadySucceeded()
    {
        var id = await DeliveryAsync(DeliveryStatus.Succeeded);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Button(cut, "Retry now"));

        _ = Button(cut, "Retry now").ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Contains("This delivery already succeeded: the receiver answered with success. Retry now sends it to the endpoint again", Dialog.TextContent));
        PressInDialog("Cancel");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        Assert.Equal(DeliveryStatus.Succeeded, (await StoredAsync(id)).Status);
        Assert.Null(await Jobs.LatestForDeliveryAsync(id));
        Assert.Empty(cut.FindAll(".delivery-job"));
    }

    // No job server runs in these tests: a Retry now job stays queued, which is what they look at.
    [Fact]
    public async Task RetryNow_QueuesAJob_WhenAdminConfirmsSendingADeliveredOneAgain()
    {
        var id = await DeliveryAsync(DeliveryStatus.Succeeded);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Button(cut, "Retry now"));

        _ = Button(cut, "Retry now").ClickAsync(new());
        PressInDialog("Send again");

        cut.WaitForAssertion(() => Assert.Equal("Retry now queued", JobText(cut)));
        var job = await Jobs.LatestForDeliveryAsync(id);
        Assert.Equal((ConsoleJobKind.RetryNow, ConsoleJobState.Queued), (job!.Kind, job.State));
    }

    [Fact]
    public async Task RetryNow_QueuesWithoutAskingThenWaits_WhenDeliveryFailed()
    {
        var id = await DeliveryAsync(DeliveryStatus.Failed);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Button(cut, "Retry now"));

        Button(cut, "Retry now").Click();

        cut.WaitForAssertion(() => Assert.Equal("Retry now queued", JobText(cut)));
        Assert.Empty(Dialogs.FindAll("[role=dialog]"));
        // One manual attempt at a time: not again while this one waits.
        Assert.True(Button(cut, "Retry now").HasAttribute("disabled"));
        var job = await Jobs.LatestForDeliveryAsync(id);
        Assert.Equal($"/hangfire/jobs/details/{job!.Id}", cut.Find(".delivery-job a.job-link").GetAttribute("href"));
    }

    [Fact]
    public async Task RetryNow_SaysTheScheduledRetryStaysIfItFails_WhenDeliveryWaitsForARetry()
    {
        var id = await DeliveryAsync(DeliveryStatus.Pending);
        var next = DateTime.UtcNow.AddHours(1);
        await SetAsync(id, u => u.SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.AttemptCount, 1));
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.False(Button(cut, "Retry now").HasAttribute("disabled")));

        _ = Button(cut, "Retry now").ClickAsync(new());

        var at = Webhooks.Console.Shared.Format.When(next);
        Dialogs.WaitForAssertion(() => Assert.Contains($"This delivery is waiting for a scheduled retry at {at}. Retry now sends it at once, as a manual attempt: "
            + $"if it succeeds, the delivery is done and the scheduled retry is dropped; if it fails, the scheduled retry still happens at {at}.", Dialog.TextContent));
        PressInDialog("Send now");
        cut.WaitForAssertion(() => Assert.Equal("Retry now queued", JobText(cut)));
    }

    [Fact]
    public async Task RetryNow_IsDisabled_WhileTheDispatcherIsSendingIt()
    {
        var id = await DeliveryAsync(DeliveryStatus.Pending);
        await SetAsync(id, u => u.SetProperty(d => d.NextAttemptAt, DateTime.UtcNow)
            .SetProperty(d => d.LeasedUntil, DateTime.UtcNow.AddMinutes(5)).SetProperty(d => d.LeasedBy, "dispatcher-1"));

        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Contains("being sent now", cut.Find(".delivery-summary").TextContent));
        Assert.True(Button(cut, "Retry now").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Viewer_SeesTheRetryJobButNoRetryNowNorJobLink()
    {
        var id = await DeliveryAsync(DeliveryStatus.Failed);
        await Jobs.RetryNowAsync(id);
        SignInAs(Webhooks.Console.Account.Roles.Viewer);

        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Equal("Retry now queued", JobText(cut)));
        Assert.False(HasButton(cut, "Retry now"));
        Assert.Empty(cut.FindAll(".delivery-job a"));
    }
}

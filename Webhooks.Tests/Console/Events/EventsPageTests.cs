using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Events;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.Events;

public sealed class EventsPageTests : AsyncConsolePageTestContext
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary><paramref name="count"/> events, one a minute from <see cref="Start"/>, alternating between the two types.</summary>
    private async Task SeedAsync(int count, params string[] types)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            var at = Start.AddMinutes(i);
            db.Events.Add(new Event { Id = SortableId.New("evt_", at), Type = types[i % types.Length], OccurredAt = at });
        }
        await db.SaveChangesAsync();
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<EventsPage> cut) => cut.FindAll(".events-grid tbody tr.mud-table-row");

    private static string TimeOf(IElement row) => row.QuerySelector("td")!.TextContent.Trim();

    [Fact]
    public async Task Grid_ShowsOnePageNewestFirstWithTotal_WhenThereAreMoreEventsThanAPage()
    {
        await SeedAsync(30, "customer.created", "subscription.payment_failed");

        var cut = Render<EventsPage>();

        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count));
        Assert.Equal("2026-03-01 12:29:00 UTC", TimeOf(Rows(cut)[0]));
        Assert.Contains("1-25 of 30", cut.Find(".mud-table-pagination").TextContent);
        Assert.Contains("subscription.payment_failed", Rows(cut)[0].TextContent);
        Assert.NotNull(Rows(cut)[0].QuerySelector("a[title^='evt_']"));
    }

    [Fact]
    public async Task Grid_SortsByTypeInTheDatabase_WhenEventTypeHeaderIsClicked()
    {
        await SeedAsync(30, "account.closed", "customer.created");
        var cut = Render<EventsPage>();
        cut.WaitForAssertion(() => Assert.Contains("customer.created", Rows(cut)[0].TextContent));

        cut.FindAll(".events-grid th").Single(th => th.TextContent.Contains("Event type")).QuerySelector("button.sort-direction-icon")!.Click();

        // All 15 account.closed rows come first, newest first within the type: only the database sees them all.
        cut.WaitForAssertion(() => Assert.All(Rows(cut).Take(15), r => Assert.Contains("account.closed", r.TextContent)));
        Assert.Equal("2026-03-01 12:28:00 UTC", TimeOf(Rows(cut)[0]));
        Assert.Contains("customer.created", Rows(cut)[15].TextContent);
    }

    [Fact]
    public async Task Filter_NarrowsToOneTypeFromTheFirstPage_WhenTypeIsChosen()
    {
        await SeedAsync(60, "customer.created", "invoice.paid", "customer.updated");
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "invoice.paid" }, "seed");
        _ = Popovers;
        var cut = Render<EventsPage>();
        cut.WaitForAssertion(() => Assert.Contains("of 60", cut.Find(".mud-table-pagination").TextContent));

        cut.Find(".events-filters .mud-input-control").MouseDown();
        Popovers.WaitForAssertion(() => Popovers.FindAll("[role=option]").Single(i => i.TextContent.Trim() == "invoice.paid").Click());

        cut.WaitForAssertion(() => Assert.Contains("1-20 of 20", cut.Find(".mud-table-pagination").TextContent));
        Assert.All(Rows(cut), r => Assert.Contains("invoice.paid", r.TextContent));
    }

    [Fact]
    public async Task Grid_NamesEveryStatusOfAnEventsDeliveries_WhenSomeWereSkippedOrCancelled()
    {
        await SeedAsync(1, "customer.created");
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
        {
            var eventId = await db.Events.Select(e => e.Id).SingleAsync();
            db.Endpoints.Add(new Endpoint { Id = "ep_a", Name = "A", Url = "https://a.example", CreatedAt = Start, UpdatedAt = Start });
            var statuses = new[] { DeliveryStatus.Succeeded, DeliveryStatus.Skipped, DeliveryStatus.Skipped, DeliveryStatus.Cancelled, DeliveryStatus.Failed };
            for (var i = 0; i < statuses.Length; i++)
                db.Deliveries.Add(new Webhooks.Core.Delivery.Delivery { Id = $"dlv_{i}", EventId = eventId, EndpointId = "ep_a", EventType = "customer.created", Status = statuses[i], CreatedAt = Start });
            await db.SaveChangesAsync();
        }

        var cut = Render<EventsPage>();

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        var chips = Rows(cut)[0].QuerySelectorAll(".mud-chip").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["1 ok", "1 failed", "2 skipped", "1 cancelled"], chips);
        Assert.Equal("5", Rows(cut)[0].QuerySelector(".delivery-count")!.TextContent.Trim());
    }
}

using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Interop;
using Webhooks.Console.Dashboard;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.History;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Dashboard;

public sealed class DashboardPageTests : ConsolePageTestContext, IAsyncLifetime
{
    public DashboardPageTests() =>
        // The chart sizes itself from its box, measured in the browser; here the box is 700×260.
        JSInterop.Setup<ElementSize>("mudObserveElementSize", _ => true).SetResult(new ElementSize { Width = 700, Height = 260 });

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static string Stat(IRenderedComponent<DashboardPage> cut, string title) =>
        cut.FindAll(".stat-card").Single(c => c.QuerySelector(".stat-title")!.TextContent.Trim() == title).QuerySelector(".stat-value")!.TextContent.Trim();

    [Fact]
    public async Task Dashboard_ShowsNewFiguresAndChart_WhenTheNotifierReportsAChange()
    {
        var types = Services.GetRequiredService<EventTypeService>();
        await types.CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var endpointId = (await CreateEndpointAsync("CRM sync – production", i => { i.Url = "https://crm.example.com/hooks"; i.Events = ["customer.created"]; })).Endpoint.Id;
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal("0", Stat(cut, "Deliveries (24 h)")));
        Assert.Contains("Succeeded 0", cut.Find(".delivery-chart-legend").TextContent);

        // Two refreshes in a row: the chart must redraw from one set of bars to another and keep going.
        for (var round = 1; round <= 2; round++)
        {
            await Services.GetRequiredService<IWebhookPublisher>().PublishAsync("customer.created", new { id = $"c-{round}" });
            await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
                await db.Deliveries.Where(d => d.EndpointId == endpointId).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Succeeded));
            LiveUpdates.Fire();

            var expected = round;
            cut.WaitForAssertion(() => Assert.Equal(expected.ToString(), Stat(cut, "Deliveries (24 h)")));
            cut.WaitForAssertion(() => Assert.Contains($"Succeeded {expected}", cut.Find(".delivery-chart-legend").TextContent));
        }
        Assert.Equal("100 %", Stat(cut, "Success rate (24 h)"));
    }

    [Fact]
    public void Chart_RedrawsEveryTime_WhenBucketsChangeRepeatedly()
    {
        var hour = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        List<HourBucket> Day(Func<int, (int Succeeded, int Failed)> counts) =>
            Enumerable.Range(0, 24).Select(h => { var (s, f) = counts(h); return new HourBucket(hour.AddHours(h), s, f); }).ToList();
        var days = new[]
        {
            Day(_ => (0, 0)),
            Day(_ => (3, 0)),
            Day(h => (h % 2, 0)),
            Day(h => (h, 24 - h)),
            Day(_ => (0, 0)),
            Day(h => (h == 23 ? 5000 : 0, h == 0 ? 7 : 0)),
        };
        var cut = Render<DeliveryChart>(p => p.Add(c => c.Buckets, days[1]));
        cut.WaitForAssertion(() => Assert.Equal(24, cut.FindAll(".delivery-chart path.mud-chart-bar").Count));

        foreach (var day in days.Concat(days))
        {
            cut.Render(p => p.Add(c => c.Buckets, day));

            Assert.Contains($"Succeeded {day.Sum(b => b.Succeeded)}", cut.Find(".delivery-chart-legend").TextContent);
            Assert.Contains($"Failed {day.Sum(b => b.Failed)}", cut.Find(".delivery-chart-legend").TextContent);
            // Zero-height segments are not drawn; every hour that had deliveries has a bar.
            Assert.Equal(day.Sum(b => (b.Succeeded > 0 ? 1 : 0) + (b.Failed > 0 ? 1 : 0)), cut.FindAll(".delivery-chart path.mud-chart-bar").Count);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(20, 5)]
    [InlineData(21, 10)]
    [InlineData(5000, 2000)]
    public void TickStep_GivesAtMostFourRoundSteps_ForTheTallestHour(int max, int step) =>
        Assert.Equal(step, DeliveryChart.TickStep(max));
}

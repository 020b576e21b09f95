using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Audit;
using Webhooks.Core.Audit;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.Audit;

public sealed class AuditPageTests : AsyncConsolePageTestContext
{
    private async Task SeedAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        var at = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 70; i++)
            AuditLog.Record(db, i % 2 == 0 ? "ana@example.com" : "ben@example.com", i % 7 == 0 ? "endpoint.created" : "event_type.updated", "endpoint", $"ep_{i:D3}", $"change {i}", at.AddMinutes(i));
        await db.SaveChangesAsync();
    }

    private static string Pager(IRenderedComponent<AuditPage> cut) => cut.Find(".mud-table-pagination").TextContent;

    [Fact]
    public async Task Grid_ShowsNewestFirstOnePageAtATime_WhenTheLogIsLong()
    {
        await SeedAsync();

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Contains("1-50 of", Pager(cut)));
        var rows = cut.FindAll(".audit-grid tbody tr.mud-table-row");
        Assert.Equal(50, rows.Count);
        Assert.Contains("change 69", rows[0].TextContent);
        Assert.Contains("2026-03-01 13:09:00 UTC", rows[0].TextContent);
        Assert.NotNull(rows[0].QuerySelector("a[href='endpoints/ep_069'][title='ep_069']"));
    }

    [Fact]
    public async Task Filter_QueriesByWhoAndAction_WhenFilterIsPressed()
    {
        await SeedAsync();
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Contains("1-50 of", Pager(cut)));

        cut.Find("input#audit-actor").Change("ana@");
        cut.Find("input#audit-action").Change("endpoint.");
        cut.Find("form.audit-filters").Submit();

        // 0, 14, 28, 42, 56: even (Ana) and a multiple of 7 (endpoint.created).
        cut.WaitForAssertion(() => Assert.Contains("1-5 of 5", Pager(cut)));
        Assert.All(cut.FindAll(".audit-grid tbody tr.mud-table-row"), r => Assert.Contains("ana@example.com", r.TextContent));
    }
}

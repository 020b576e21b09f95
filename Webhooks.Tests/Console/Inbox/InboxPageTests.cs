using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Inbox;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Inbox;

public sealed class InboxPageTests : EndpointPageTestContext
{
    // bunit's address is http://localhost, so the demo endpoint's inbox URL is plain http.
    public InboxPageTests() : base(new Dictionary<string, string?> { ["Webhooks:Delivery:AllowHttp"] = "true" })
    {
    }

    private Task<WebhooksDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task CreateDemo_LeavesNoInboxAndShowsWhy_WhenTheEndpointCannotBeStored()
    {
        // A real database refusal at the second step, after the inbox was stored.
        await using (var db = await DbAsync())
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_endpoints BEFORE INSERT ON Endpoints BEGIN SELECT RAISE(ABORT, 'endpoints are read-only'); END;");
        var cut = Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Contains("No inbox yet.", cut.Markup));

        Button(cut, "Create demo endpoint").Click();

        cut.WaitForAssertion(() => Assert.Contains("endpoints are read-only", cut.Find("[role=alert]").TextContent));
        await using (var db = await DbAsync())
            Assert.False(await db.Inboxes.AnyAsync());
        Assert.DoesNotContain("Demo endpoint created", cut.Markup);
        Assert.Contains("No inbox yet.", cut.Markup);
        Assert.False(Button(cut, "New inbox").HasAttribute("disabled"));
    }

    [Fact]
    public async Task CreateDemo_CreatesInboxAndEndpoint_WhenBothCanBeStored()
    {
        var cut = Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Contains("No inbox yet.", cut.Markup));

        Button(cut, "Create demo endpoint").Click();

        cut.WaitForAssertion(() => Assert.Contains("Demo endpoint created", cut.Markup));
        await using var db = await DbAsync();
        Assert.Equal(1, await db.Inboxes.CountAsync());
        Assert.Equal(1, await db.Endpoints.CountAsync());
    }
}

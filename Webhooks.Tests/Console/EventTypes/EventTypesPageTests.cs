using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Console.EventTypes;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.EventTypes;

public sealed class EventTypesPageTests : AsyncConsolePageTestContext
{
    // The dialog host must exist before a dialog opens, or it never shows it.
    public EventTypesPageTests() => _ = Dialogs;

    private EventTypeService EventTypes => Services.GetRequiredService<EventTypeService>();

    /// <summary>Presses a button of the open dialog, once it is there; not awaited, the page waits on the dialog.</summary>
    private void PressInDialog(string text)
    {
        Dialogs.WaitForAssertion(() => Assert.Contains(Dialogs.FindAll("[role=dialog] button"), b => b.TextContent.Trim() == text));
        _ = Dialogs.FindAll("[role=dialog] button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());
    }

    private async Task RunSqlAsync(string sql)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static IElement Row(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string name) => cut.Find($"[data-event-type='{name}']");

    private static bool HasButton(IElement scope, string text) =>
        scope.QuerySelectorAll("button").Any(b => b.TextContent.Trim() == text);

    private static IElement Button(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task Page_ListsTypesByGroupWithArchiveOnlyForNonBuiltIn_WhenUserIsAdmin()
    {
        await EventTypes.CreateAsync(new EventTypeInput { Name = "customer.created", Description = "A customer signed up.", SamplePayload = """{"id":"cus_1"}""" }, "seed");

        var cut = Render<EventTypesPage>();

        cut.WaitForAssertion(() => Row(cut, "customer.created"));
        Assert.Contains("customer", cut.FindAll(".event-type-group h2").Select(h => h.TextContent));
        Assert.Contains("A customer signed up.", Row(cut, "customer.created").TextContent);
        Assert.Contains("\"id\": \"cus_1\"", Row(cut, "customer.created").QuerySelector(".sample-payload pre")!.TextContent);
        Assert.True(HasButton(Row(cut, "customer.created"), "Archive"));
        Assert.False(HasButton(Row(cut, EventType.TestEventName), "Archive"));
        Assert.Contains("Built in", Row(cut, EventType.TestEventName).TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "New event type");
    }

    [Fact]
    public void PrettyJson_KeepsPlusAndNonAsciiReadable_WhenIndenting()
    {
        var pretty = Webhooks.Console.Shared.Format.PrettyJson("""{"phone":"+86 138","name":"Zhang <San>"}""");

        Assert.Contains("\"phone\": \"+86 138\"", pretty);
        Assert.Contains("\"Zhang <San>\"", pretty);
    }

    [Fact]
    public async Task Page_ArchivesAndRestores_WhenAdminClicks()
    {
        await EventTypes.CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var cut = Render<EventTypesPage>();
        cut.WaitForAssertion(() => Row(cut, "customer.created"));

        _ = Row(cut, "customer.created").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Archive").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains("Archive customer.created? It can no longer be published", Dialogs.Find("[role=dialog]").TextContent));
        PressInDialog("Archive");

        cut.WaitForAssertion(() => Assert.Contains("Archived", Row(cut, "customer.created").TextContent));
        Assert.True((await EventTypes.FindAsync("customer.created"))!.IsArchived);
        Row(cut, "customer.created").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Restore").Click();
        cut.WaitForAssertion(() => Assert.False(EventTypes.FindAsync("customer.created").GetAwaiter().GetResult()!.IsArchived));
    }

    [Fact]
    public async Task Archive_ChangesNothing_WhenCancelled()
    {
        await EventTypes.CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var cut = Render<EventTypesPage>();
        cut.WaitForAssertion(() => Row(cut, "customer.created"));

        _ = Row(cut, "customer.created").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Archive").ClickAsync(new());
        PressInDialog("Cancel");

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        Assert.False((await EventTypes.FindAsync("customer.created"))!.IsArchived);
        Assert.DoesNotContain("Archived", Row(cut, "customer.created").TextContent);
    }

    [Fact]
    public async Task Page_ShowsWhyAndStaysUsable_WhenTheCatalogCannotBeRead()
    {
        await EventTypes.CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        // A real database failure: the table the page reads is gone.
        await RunSqlAsync("ALTER TABLE EventTypes RENAME TO EventTypesAway");
        var cut = Render<EventTypesPage>();

        cut.WaitForAssertion(() => Assert.Contains("This could not be loaded: SQLite Error 1: 'no such table: EventTypes'", cut.Find("[role=alert]").TextContent));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "New event type");
        await RunSqlAsync("ALTER TABLE EventTypesAway RENAME TO EventTypes");
        _ = Button(cut, "Try again").ClickAsync(new());

        cut.WaitForAssertion(() => Row(cut, "customer.created"));
        Assert.Empty(cut.FindAll("[role=alert]"));
    }

    [Fact]
    public void Form_ShowsErrorsAtFields_WhenNameAndSampleAreInvalid()
    {
        var cut = Render<EventTypesPage>();
        cut.WaitForAssertion(() => Button(cut, "New event type"));
        Button(cut, "New event type").Click();

        cut.Find("input#et-name").Change("bad name!");
        cut.Find("textarea#et-sample").Change("[1, 2");
        cut.Find(".event-type-form form").Submit();

        Assert.Contains("Name must be", cut.Find(".field-error[data-field='name']").TextContent);
        Assert.Contains("Not valid JSON", cut.Find(".field-error[data-field='samplePayload']").TextContent);
    }

    [Fact]
    public async Task Form_CreatesTypeAndShowsServerDuplicateErrorAtName_WhenSaved()
    {
        var cut = Render<EventTypesPage>();
        cut.WaitForAssertion(() => Button(cut, "New event type"));

        Button(cut, "New event type").Click();
        cut.Find("input#et-name").Change("invoice.paid");
        cut.Find("textarea#et-sample").Change("""{"amount":10}""");
        cut.Find(".event-type-form form").Submit();
        cut.WaitForAssertion(() => Row(cut, "invoice.paid"));
        Assert.Equal("invoice", (await EventTypes.FindAsync("invoice.paid"))!.Group);

        Button(cut, "New event type").Click();
        cut.Find("input#et-name").Change("invoice.paid");
        cut.Find(".event-type-form form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("already exists", cut.Find(".field-error[data-field='name']").TextContent));
    }

    [Fact]
    public async Task Page_ShowsNoChangeButtons_WhenUserIsViewer()
    {
        await EventTypes.CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        SignInAs(Roles.Viewer);

        var cut = Render<EventTypesPage>();

        cut.WaitForAssertion(() => Row(cut, "customer.created"));
        foreach (var text in new[] { "New event type", "Edit", "Archive", "Restore" })
            Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == text);
    }
}

using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Console.ApiKeys;
using Webhooks.Core.ApiKeys;

namespace Webhooks.Tests.Console.ApiKeys;

public sealed class ApiKeysPageTests : AsyncConsolePageTestContext
{
    private ApiKeyService Keys => Services.GetRequiredService<ApiKeyService>();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ApiKeysPage> cut, string name) =>
        cut.FindAll(".keys-grid tbody tr").Single(r => r.TextContent.Contains(name));

    [Fact]
    public async Task Create_ShowsKeyOnceWithChosenScopes_WhenAdminCreatesAKey()
    {
        var cut = Render<ApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("input#key-name"));

        cut.Find("input#key-name").Change("nightly report");
        cut.FindAll(".key-scopes label").Single(l => l.TextContent.Trim() == "publish").QuerySelector("input")!.Change(false);
        cut.Find("form.key-form").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("whk_", cut.Find("[data-testid=new-api-key]").TextContent.Trim()));
        var key = Assert.Single(await Keys.ListAsync());
        Assert.Equal("read write", key.Scopes);
        Assert.Contains(key.Prefix, Row(cut, "nightly report").TextContent);
        Assert.Contains("Active", Row(cut, "nightly report").TextContent);
    }

    [Fact]
    public async Task Create_ShowsTheErrorAtTheName_WhenNameIsBlank()
    {
        var cut = Render<ApiKeysPage>();
        cut.WaitForAssertion(() => cut.Find("form.key-form"));

        cut.Find("form.key-form").Submit();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find(".field-error[data-field='name']").TextContent));
        Assert.Empty(await Keys.ListAsync());
    }

    [Fact]
    public async Task Revoke_AsksThenMarksKeyRevoked_WhenAdminConfirms()
    {
        await Keys.CreateAsync("deploy bot", [ApiKeyScopes.Read], "seed");
        _ = Dialogs;
        var cut = Render<ApiKeysPage>();
        cut.WaitForAssertion(() => Row(cut, "deploy bot"));

        Row(cut, "deploy bot").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        Dialogs.WaitForAssertion(() => Assert.Contains("Revoke 'deploy bot'?", Dialogs.Markup));
        Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        cut.WaitForAssertion(() => Assert.Contains("Revoked", Row(cut, "deploy bot").TextContent));
        Assert.NotNull(Assert.Single(await Keys.ListAsync()).RevokedAt);
    }

    [Fact]
    public async Task Page_ListsKeysWithoutCreateOrRevoke_WhenUserIsViewer()
    {
        await Keys.CreateAsync("deploy bot", [ApiKeyScopes.Read], "seed");
        SignInAs(Roles.Viewer);

        var cut = Render<ApiKeysPage>();

        cut.WaitForAssertion(() => Row(cut, "deploy bot"));
        Assert.Empty(cut.FindAll("form.key-form"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Revoke");
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Webhooks.Console.Account;
using Webhooks.Console.Users;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Users;

public sealed class UsersPageTests : EndpointPageTestContext
{
    private const string Colleague = "colleague@example.com";

    private Task<WebhooksDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    private async Task AddColleagueAsync()
    {
        using var scope = Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.Viewer))
            await roles.CreateAsync(new IdentityRole(Roles.Viewer));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var result = await UserAccounts.CreateAsync(users, Colleague, "a long enough password", Roles.Viewer);
        Assert.True(result.Succeeded);
    }

    private async Task<IList<string>> RolesOfColleagueAsync()
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(Colleague))!);
    }

    private async Task<bool> AuditedAsync(string action)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.AnyAsync(a => a.Action == action);
    }

    /// <summary>Picks <paramref name="role"/> in the colleague's role select.</summary>
    private void PickRole(IRenderedComponent<IComponent> cut, string role)
    {
        cut.WaitForAssertion(() => cut.Find($"[aria-label='Role of {Colleague}']"));
        cut.Find($"[aria-label='Role of {Colleague}']").Closest(".mud-input-control")!.MouseDown();
        Popovers.WaitForAssertion(() => Popovers.FindAll("[role=option]").Single(i => i.TextContent.Trim() == role).Click());
    }

    private IEnumerable<string> Snacks => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "");

    [Fact]
    public async Task SetRole_AsksFirstAndChangesNothing_WhenCancelled()
    {
        await AddColleagueAsync();
        var cut = Render<UsersPage>();

        PickRole(cut, Roles.Admin);

        Dialogs.WaitForAssertion(() => Assert.Contains($"Make {Colleague} an Admin? They will be able to change endpoints, keys and users.", Dialog.TextContent));
        PressInDialog("Cancel");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        Assert.Equal([Roles.Viewer], await RolesOfColleagueAsync());
        Assert.False(await AuditedAsync("user.role_changed"));
        cut.WaitForAssertion(() => Assert.Contains(Roles.Viewer, cut.Find($"[aria-label='Role of {Colleague}']").Closest(".mud-input-control")!.OuterHtml));
    }

    [Fact]
    public async Task SetRole_ChangesRoleAndAudits_WhenConfirmed()
    {
        await AddColleagueAsync();
        var cut = Render<UsersPage>();

        PickRole(cut, Roles.Admin);
        PressInDialog("Change role");

        cut.WaitForAssertion(() => Assert.Contains($"{Colleague} is now Admin.", Snacks));
        Assert.Equal([Roles.Admin], await RolesOfColleagueAsync());
        Assert.True(await AuditedAsync("user.role_changed"));
    }

    [Fact]
    public async Task SetRole_ShowsIdentitysReasonAndRecordsNothing_WhenIdentityRefusesTheChange()
    {
        await AddColleagueAsync();
        // A user name Identity's validator refuses (stored by an older version or by hand): every update of the user fails.
        await using (var db = await DbAsync())
            await db.Users.Where(u => u.Email == Colleague).ExecuteUpdateAsync(u => u.SetProperty(x => x.UserName, "colleague at example").SetProperty(x => x.NormalizedUserName, "COLLEAGUE AT EXAMPLE"));
        var cut = Render<UsersPage>();

        PickRole(cut, Roles.Admin);
        PressInDialog("Change role");

        cut.WaitForAssertion(() => Assert.Contains("Role not changed: Username 'colleague at example' is invalid", cut.Find("[role=alert]").TextContent));
        Assert.DoesNotContain(Snacks, s => s.Contains("is now"));
        Assert.False(await AuditedAsync("user.role_changed"));
        Assert.Equal([Roles.Viewer], await RolesOfColleagueAsync());
        // Still usable: the list is there and the next action runs.
        Assert.Contains(Colleague, cut.Markup);
        Assert.True(HasButton(cut, "Add user"));
    }
}

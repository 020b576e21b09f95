using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Account;

/// <summary>Rights come from the store at the moment of the change, not from the principal of sign-in.</summary>
public sealed class CurrentUserTests : ConsolePageTestContext
{
    [Fact]
    public async Task RequireAdminAsync_ReturnsName_WhenUserIsAdminInStore()
    {
        var current = Services.GetRequiredService<CurrentUser>();

        Assert.Equal("admin@example.com", await current.RequireAdminAsync());
        Assert.True(await current.IsAdminAsync());
    }

    [Fact]
    public async Task RequireAdminAsync_Refuses_WhenAdminWasDemotedAfterSignIn()
    {
        var current = Services.GetRequiredService<CurrentUser>();
        await current.RequireAdminAsync();

        await ChangeRoleAsync("admin@example.com", from: Roles.Admin, to: Roles.Viewer);

        // The circuit's principal still says Admin; the store does not.
        Assert.True((await current.GetAsync()).IsInRole(Roles.Admin));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(current.RequireAdminAsync);
        Assert.False(await current.IsAdminAsync());
    }

    [Fact]
    public async Task RequireAdminAsync_Refuses_WhenUserWasRemovedAfterSignIn()
    {
        var current = Services.GetRequiredService<CurrentUser>();

        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync("admin@example.com"))!)).Succeeded);
        }

        await Assert.ThrowsAsync<UnauthorizedAccessException>(current.RequireAdminAsync);
    }

    private async Task ChangeRoleAsync(string email, string from, string to)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(to))
            await roles.CreateAsync(new IdentityRole(to));
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.RemoveFromRoleAsync(user, from)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, to)).Succeeded);
    }
}

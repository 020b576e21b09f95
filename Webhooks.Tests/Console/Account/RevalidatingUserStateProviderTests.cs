using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Webhooks.Console.Account;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Account;

/// <summary>An open circuit is signed out once its user is removed or their role changes.</summary>
public sealed class RevalidatingUserStateProviderTests : ConsolePageTestContext
{
    [Fact]
    public async Task Revalidation_SignsCircuitOut_WhenUserIsRemoved()
    {
        var (provider, signedOut) = await SignedInCircuitAsync("gone@example.com", Roles.Admin);

        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync("gone@example.com"))!)).Succeeded);
        }

        var state = await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(state.User.Identity?.IsAuthenticated);
        ((IDisposable)provider).Dispose();
    }

    [Fact]
    public async Task Revalidation_SignsCircuitOut_WhenAdminIsDemoted()
    {
        var (provider, signedOut) = await SignedInCircuitAsync("demoted@example.com", Roles.Admin);

        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var user = (await users.FindByEmailAsync("demoted@example.com"))!;
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Admin)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Viewer)).Succeeded);
        }

        var state = await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(state.User.Identity?.IsAuthenticated);
        ((IDisposable)provider).Dispose();
    }

    /// <summary>A provider as a circuit has it, holding the principal sign-in gave that user.</summary>
    private async Task<(RevalidatingUserStateProvider Provider, TaskCompletionSource<AuthenticationState> SignedOut)> SignedInCircuitAsync(string email, string role)
    {
        ClaimsPrincipal principal;
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var name in Roles.All)
            {
                if (!await roles.RoleExistsAsync(name))
                    await roles.CreateAsync(new IdentityRole(name));
            }
            Assert.True((await UserAccounts.CreateAsync(users, email, "a long enough password", role)).Succeeded);
            var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>();
            principal = await factory.CreateAsync((await users.FindByEmailAsync(email))!);
        }
        var provider = new RevalidatingUserStateProvider(
            NullLoggerFactory.Instance,
            Services.GetRequiredService<IServiceScopeFactory>(),
            Services.GetRequiredService<IOptions<IdentityOptions>>(),
            Options.Create(new AccountOptions { RevalidationInterval = TimeSpan.FromSeconds(1) }));
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async task =>
        {
            var state = await task;
            if (state.User.Identity?.IsAuthenticated != true)
                signedOut.TrySetResult(state);
        };
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return (provider, signedOut);
    }
}

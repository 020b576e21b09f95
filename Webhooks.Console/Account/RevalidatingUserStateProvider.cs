using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Webhooks.Console.Account;

/// <summary>
/// Re-checks an open circuit's user against the store every <see cref="AccountOptions.RevalidationInterval"/>:
/// a circuit keeps the principal it got at sign-in for as long as the tab stays open, so without
/// this a removed or demoted Admin would keep their rights there. A failed check signs the circuit
/// out (the router then leads to the login page).
/// </summary>
public sealed class RevalidatingUserStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    IOptions<AccountOptions> options) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        // A scope per check: the circuit's own context would answer from entities it tracked at sign-in.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null)
            return false;
        var stamp = state.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (users.SupportsUserSecurityStamp && stamp != await users.GetSecurityStampAsync(user))
            return false;
        // Identity changes no stamp when a role is added or removed, so compare the roles too.
        var roles = await users.GetRolesAsync(user);
        return Roles.All.All(role => state.User.IsInRole(role) == roles.Contains(role));
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Webhooks.Console.Account;

/// <summary>
/// The signed-in person as the circuit sees them. Components ask it before every change, and it
/// answers from the store, not from the principal the circuit got at sign-in: a user demoted or
/// removed since is refused at once, before the circuit's next revalidation signs them out.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider auth, IServiceScopeFactory scopes)
{
    public async Task<ClaimsPrincipal> GetAsync() => (await auth.GetAuthenticationStateAsync()).User;

    public async Task<string> NameAsync() => (await GetAsync()).Identity?.Name ?? "unknown";

    /// <summary>Whether the user is an Admin now, according to the store.</summary>
    public async Task<bool> IsAdminAsync() => await AdminNameAsync() is not null;

    /// <summary>Returns the admin's name, or throws when the user is not (or no longer) an admin.</summary>
    public async Task<string> RequireAdminAsync() =>
        await AdminNameAsync() ?? throw new UnauthorizedAccessException("Only an Admin can do this.");

    private async Task<string?> AdminNameAsync()
    {
        var principal = await GetAsync();
        if (principal.Identity?.IsAuthenticated != true)
            return null;
        // A scope per check: the circuit's own context would answer from entities it tracked earlier.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || !await users.IsInRoleAsync(user, Roles.Admin))
            return null;
        return user.UserName ?? principal.Identity.Name ?? "unknown";
    }
}

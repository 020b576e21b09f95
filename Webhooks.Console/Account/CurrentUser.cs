using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Webhooks.Console.Account;

/// <summary>
/// The signed-in person as the circuit sees them. Components ask it before every change, so a
/// Viewer is refused on the server even if a button were shown.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider auth)
{
    public async Task<ClaimsPrincipal> GetAsync() => (await auth.GetAuthenticationStateAsync()).User;

    public async Task<string> NameAsync() => (await GetAsync()).Identity?.Name ?? "unknown";

    public async Task<bool> IsAdminAsync() => (await GetAsync()).IsInRole(Roles.Admin);

    /// <summary>Returns the admin's name, or throws when the user is not an admin.</summary>
    public async Task<string> RequireAdminAsync()
    {
        var user = await GetAsync();
        if (!user.IsInRole(Roles.Admin))
            throw new UnauthorizedAccessException("Only an Admin can do this.");
        return user.Identity?.Name ?? "unknown";
    }
}

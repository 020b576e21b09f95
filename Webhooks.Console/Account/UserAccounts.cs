using Microsoft.AspNetCore.Identity;

namespace Webhooks.Console.Account;

/// <summary>Creating a user is always the same three steps: user, password, one role.</summary>
public static class UserAccounts
{
    public static async Task<IdentityResult> CreateAsync(UserManager<IdentityUser> users, string email, string password, string role)
    {
        var user = new IdentityUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
            return result;
        return await users.AddToRoleAsync(user, role);
    }
}

using Microsoft.AspNetCore.Identity;

namespace Webhooks.Console.Account;

/// <summary>Creating a user is always the same three steps: user, password, one role; all or nothing.</summary>
public static class UserAccounts
{
    public static async Task<IdentityResult> CreateAsync(UserManager<IdentityUser> users, string email, string password, string role)
    {
        var user = new IdentityUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
            return result;
        var roleResult = await users.AddToRoleAsync(user, role);
        // A user without a role could sign in to nothing yet would look added: take them out again.
        if (!roleResult.Succeeded)
            await users.DeleteAsync(user);
        return roleResult;
    }
}

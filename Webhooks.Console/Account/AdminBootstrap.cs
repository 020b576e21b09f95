using Microsoft.AspNetCore.Identity;

namespace Webhooks.Console.Account;

/// <summary>
/// Creates the roles, and the first admin from <c>Webhooks:Bootstrap:AdminEmail</c> and
/// <c>AdminPassword</c> when both are set. Idempotent: an existing user is left as it is.
/// </summary>
public sealed class AdminBootstrap(IServiceScopeFactory scopes, IConfiguration configuration, SetupState setup, ILogger<AdminBootstrap> logger)
{
    public async Task RunAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        var email = configuration["Webhooks:Bootstrap:AdminEmail"];
        var password = configuration["Webhooks:Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return;
        var result = await UserAccounts.CreateAsync(users, email, password, Roles.Admin);
        if (!result.Succeeded)
            throw new InvalidOperationException("Webhooks:Bootstrap:AdminEmail/AdminPassword could not create the admin: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        setup.MarkDone();
        logger.LogInformation("Created the admin {Email} from configuration", email);
    }
}

using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Account;

public static class AccountsServiceCollectionExtensions
{
    public static WebApplicationBuilder AddConsoleAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Registered before AddRazorComponents, whose default provider never re-checks the user.
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "webhooks.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Reader, p => p.RequireRole(Roles.Admin, Roles.Viewer));

        services.AddConsoleIdentity();
        services.AddSingleton<SetupState>();
        services.AddTransient<AdminBootstrap>();
        services.AddScoped<CurrentUser>();
        return builder;
    }

    /// <summary>Identity's users and roles in the console's database (also what page tests register).</summary>
    public static IServiceCollection AddConsoleIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<WebhooksDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Identity's stores want a scoped context; everything else uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<WebhooksDbContext>>().CreateDbContext());

        // Role changes and removals reach open sessions within a minute, not the default 30.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }
}

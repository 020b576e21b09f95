using Webhooks.Core.ApiKeys;

namespace Webhooks.Console.Api;

public static class ApiPolicies
{
    public const string Read = "api:read";
    public const string Write = "api:write";
    public const string Publish = "api:publish";
    public const string Admin = "api:admin";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var builder = services.AddAuthorizationBuilder();
        foreach (var (policy, scope) in new[] { (Read, ApiKeyScopes.Read), (Write, ApiKeyScopes.Write), (Publish, ApiKeyScopes.Publish), (Admin, ApiKeyScopes.Admin) })
            builder.AddPolicy(policy, p => p
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));
        return services;
    }
}

using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Api;

/// <summary>The console with a bootstrap Admin and a Viewer, for tests of who may do what over HTTP with a cookie.</summary>
public sealed class AdminAndViewerConsole : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin-password-1";
    public const string ViewerEmail = "viewer@example.com";
    public const string ViewerPassword = "viewer-password-1";

    public ConsoleServer Server { get; } = new() { ExtraArguments = [$"--Webhooks:Bootstrap:AdminEmail={AdminEmail}", $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}"] };

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        using var scope = Server.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True((await UserAccounts.CreateAsync(users, ViewerEmail, ViewerPassword, Roles.Viewer)).Succeeded);
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>A cookie session signed in as <paramref name="email"/>.</summary>
    public async Task<FormSession> SignedInAsync(string email, string password)
    {
        var session = new FormSession(Server.BaseAddress);
        using var signIn = await session.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        return session;
    }
}

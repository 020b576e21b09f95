using System.Net;
using Webhooks.Tests.Console.Api;

namespace Webhooks.Tests.Console.Account;

/// <summary>A fresh install (no users) over real HTTP: pages lead to /setup, the API and health do not.</summary>
public sealed class SetupRedirectMiddlewareTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    [Theory]
    [InlineData("/")]
    [InlineData("/endpoints")]
    [InlineData("/api-keys")]
    [InlineData("/users")]
    [InlineData("/inbox")]
    [InlineData("/Account/Login")]
    public async Task Get_RedirectsToSetup_WhenNoUserExists(string path)
    {
        using var client = Client();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/setup", HttpStatusCode.OK)]
    [InlineData("/api/v1/webhooks", HttpStatusCode.Unauthorized)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    public async Task Get_PassesThrough_WhenPathIsSetupApiOrDocument(string path, HttpStatusCode expected)
    {
        using var client = Client();
        Assert.Equal(expected, (await client.GetAsync(path)).StatusCode);
    }
}

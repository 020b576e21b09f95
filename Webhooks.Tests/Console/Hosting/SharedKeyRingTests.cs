using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Webhooks.Core.Endpoints;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Hosting;

/// <summary>
/// What two consoles on one PostgreSQL database share through the key ring in the database
/// (<c>AddWebhooksData</c>): stored secrets, sign-in cookies and form tokens. Each console has its own
/// data folder, so a key ring kept in files would not be shared and every test here would fail.
/// </summary>
public sealed class SharedKeyRingTests(TwoPostgreSqlConsoles consoles) : IClassFixture<TwoPostgreSqlConsoles>
{
    [Fact]
    public async Task AddWebhooksData_LetsConsoleBRevealASecretSavedOnA_WhenBothShareOnePostgreSqlDatabase()
    {
        var secret = EndpointSecret.Generate();
        var endpointId = await new WebhooksApiDriver(consoles.A.Client()).CreateEndpointAsync(
            new Uri("https://example.com/hooks"), extra: new Dictionary<string, object?> { ["secret"] = secret });

        var revealed = await consoles.B.Client().GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{endpointId}/secret");

        Assert.Equal(secret, revealed.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task AddWebhooksData_LetsConsoleBAcceptASignInCookieFromA_WhenBothShareOnePostgreSqlDatabase()
    {
        using var atA = new FormSession(consoles.A.BaseAddress);
        using var signIn = await atA.SignInAsync(TwoPostgreSqlConsoles.AdminEmail, TwoPostgreSqlConsoles.AdminPassword);
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);

        using var atB = atA.At(consoles.B.BaseAddress);
        using var page = await atB.Client.GetAsync("/endpoints");

        Assert.True(page.StatusCode == HttpStatusCode.OK, $"B answered {(int)page.StatusCode} {page.Headers.Location} to A's sign-in cookie");
    }

    [Fact]
    public async Task AddWebhooksData_LetsConsoleBAcceptALoginFormServedByA_WhenBothShareOnePostgreSqlDatabase()
    {
        // A load balancer may send the form's GET to A and its POST to B: B must accept A's antiforgery token.
        using var atA = new FormSession(consoles.A.BaseAddress);
        using var atB = atA.At(consoles.B.BaseAddress);

        using var signIn = await atB.SignInAsync(TwoPostgreSqlConsoles.AdminEmail, TwoPostgreSqlConsoles.AdminPassword, formFrom: atA);

        Assert.True(signIn.StatusCode == HttpStatusCode.Found, $"B answered {(int)signIn.StatusCode} to the login form A served");
        Assert.Equal(HttpStatusCode.OK, (await atA.Client.GetAsync("/endpoints")).StatusCode);
    }
}

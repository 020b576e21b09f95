using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Core.ApiKeys;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;
using Xunit.Abstractions;
using static Webhooks.Tests.Console.Api.AdminAndViewerConsole;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// Who gets in where, for every page and API route the running console has mapped (read from its
/// route table). Each route and method has one expected answer; a route added later without one
/// makes these tests fail with what it answered, until its expectation is written down here.
/// </summary>
public sealed class AccessTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Pages anyone may open: signing in, first-run setup, and the two pages that explain a refusal or an error.
    private static readonly string[] AnonymousPages = ["/Account/Login", "/Account/AccessDenied", "/setup", "/error"];

    // What each route open to anyone answers a signed-out visitor (ids that do not exist, an empty JSON body).
    private static readonly Dictionary<string, int> PublicRoutes = new()
    {
        ["GET /Account/Login"] = 200,
        ["GET /Account/AccessDenied"] = 200,
        ["GET /setup"] = 200, // says the console is set up already; it creates nothing once an admin exists
        ["GET /error"] = 200,
        ["POST /Account/Logout"] = 400, // no antiforgery token
        ["GET /healthz"] = 200,
        ["GET /metrics"] = 200, // aggregates only, for scrapers that cannot sign in; Webhooks:Metrics:Token closes it (MetricsEndpointTests)
        ["POST /inbox/{token}"] = 404, // the token is the secret: a wrong one finds nothing
        ["GET /openapi/{documentName}.json"] = 200,
        ["GET /api/docs/{documentName?}"] = 200,
        ["GET /api/docs/scalar.js"] = 200,
        ["GET /api/docs/scalar.aspnetcore.js"] = 200,
        ["GET /api/docs/favicon.svg"] = 200,
    };

    // What each API route answers a key with its own scope, given ids that do not exist and an empty JSON body:
    // let in, and then refused for the missing thing or the bad body (never a 500).
    private static readonly Dictionary<string, int> AllowedAnswers = new()
    {
        ["GET /api/v1/webhooks/"] = 200,
        ["POST /api/v1/webhooks/"] = 400,
        ["GET /api/v1/webhooks/{id}"] = 404,
        ["PUT /api/v1/webhooks/{id}"] = 404,
        ["DELETE /api/v1/webhooks/{id}"] = 404,
        ["POST /api/v1/webhooks/{id}/toggle"] = 404,
        ["GET /api/v1/webhooks/{id}/secret"] = 404,
        ["POST /api/v1/webhooks/{id}/rotate-secret"] = 404,
        ["POST /api/v1/webhooks/{id}/test"] = 404,
        ["GET /api/v1/webhooks/{id}/logs"] = 404,
        ["GET /api/v1/webhooks/{id}/stats"] = 404,
        ["POST /api/v1/webhooks/{id}/recover"] = 404,
        ["GET /api/v1/event-types/"] = 200,
        ["POST /api/v1/event-types/"] = 400,
        ["PUT /api/v1/event-types/{name}"] = 404,
        ["DELETE /api/v1/event-types/{name}"] = 404,
        ["POST /api/v1/events"] = 400,
        ["GET /api/v1/logs/recent"] = 200,
        ["GET /api/v1/deliveries/{id}"] = 404,
        ["POST /api/v1/deliveries/{id}/retry"] = 404,
        ["POST /api/v1/deliveries/retry"] = 400,
        ["GET /api/v1/jobs/{id}"] = 404,
    };

    private readonly AdminAndViewerConsole _console = new();

    private ConsoleServer Server => _console.Server;

    public Task InitializeAsync() => _console.InitializeAsync();

    public Task DisposeAsync() => _console.DisposeAsync();

    [Fact]
    public async Task Routes_RefuseSignedOutVisitor_WhenNotMeantToBePublic()
    {
        using var anonymous = new FormSession(Server.BaseAddress);
        var pairs = RoutePairs();
        var asserted = new List<string>();
        var unexpected = new List<string>();
        foreach (var (route, method) in pairs)
        {
            using var response = await anonymous.Client.SendAsync(Request(method, route.Path));
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString;
            if (route.IsApi)
            {
                Assert.True(status == 401, $"{method} {route.Path} answered {status} without an API key");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            else if (route.SignedInOnly)
            {
                Assert.True(status == 302 && location?.Contains("/Account/Login", StringComparison.Ordinal) == true,
                    $"{method} {route.Path} answered {status} {location} to a signed-out visitor");
            }
            else if (PublicRoutes.TryGetValue(Key(method, route.Pattern), out var expected))
            {
                Assert.True(status == expected, $"{method} {route.Path} answered {status} {location} to a signed-out visitor; expected {expected}");
            }
            else
            {
                unexpected.Add($"{Key(method, route.Pattern)} → {status} {location}");
                continue;
            }
            asserted.Add(Key(method, route.Pattern));
        }

        // A public route nobody wrote down fails here, with what it answered, until it is added to PublicRoutes.
        Assert.True(unexpected.Count == 0, "Routes open to a signed-out visitor with no expected answer: " + string.Join("; ", unexpected));
        Assert.Equal(pairs.Count, asserted.Count);
        Assert.Equal(PublicRoutes.Keys.Order(), pairs.Where(p => !p.Route.IsApi && !p.Route.SignedInOnly).Select(p => Key(p.Method, p.Route.Pattern)).Order());
        Assert.Equal(AnonymousPages.Order(), pairs.Where(p => p.Route.IsPage && p.Route.Anonymous).Select(p => p.Route.Pattern).Order());
        output.WriteLine($"access: {asserted.Count} route × method pairs signed out, each with its expected answer");
    }

    [Fact]
    public async Task HttpApi_AllowsOnlyKeysWithTheRouteScope_WhenCalledWithEachKey()
    {
        var keys = new Dictionary<string, HttpClient>();
        foreach (var scope in ApiKeyScopes.All)
            keys[scope] = Server.Client(await Server.CreateKeyAsync(scope));
        var keyService = Server.App.Services.GetRequiredService<ApiKeyService>();
        var (revoked, revokedPlain) = await keyService.CreateAsync("revoked", ApiKeyScopes.All, "tests");
        await keyService.RevokeAsync(revoked.Id, "tests");
        using var revokedClient = Server.Client(revokedPlain);
        using var bogusClient = Server.Client("whk_not-a-real-key");
        using var viewer = new FormSession(Server.BaseAddress);
        Assert.Equal(HttpStatusCode.Found, (await viewer.SignInAsync(ViewerEmail, ViewerPassword)).StatusCode);

        var pairs = RoutePairs().Where(p => p.Route.IsApi).ToList();
        var asserted = new List<string>();
        var unexpected = new List<string>();
        foreach (var (route, method) in pairs)
        {
            Assert.NotNull(route.Scope); // every API route names the scope it needs
            var key = Key(method, route.Pattern);
            var own = await StatusAsync(keys[route.Scope!], method, route.Path);
            if (!AllowedAnswers.TryGetValue(key, out var expected))
            {
                unexpected.Add($"{key} → {own}");
                continue;
            }
            Assert.True(own == expected, $"{method} {route.Path} answered {own} to its own scope '{route.Scope}'; expected {expected}");
            foreach (var (scope, client) in keys.Where(k => k.Key != route.Scope))
            {
                var status = await StatusAsync(client, method, route.Path);
                Assert.True(status == 403, $"{method} {route.Path} answered {status} to a '{scope}' key; it needs '{route.Scope}'");
            }
            Assert.Equal(401, await StatusAsync(revokedClient, method, route.Path));
            Assert.Equal(401, await StatusAsync(bogusClient, method, route.Path));
            // A signed-in Viewer's cookie opens no API route: the API takes keys only, so no mutation through it either.
            Assert.Equal(401, await StatusAsync(viewer.Client, method, route.Path));
            asserted.Add(key);
        }

        // A new API route fails here, with what it answered, until its expected answer is written down.
        Assert.True(unexpected.Count == 0, "API routes with no expected answer: " + string.Join("; ", unexpected));
        Assert.Equal(pairs.Count, asserted.Count);
        Assert.Equal(AllowedAnswers.Keys.Order(), asserted.Order());
        output.WriteLine($"access: {asserted.Count} API route × method pairs, each with every scope, a revoked, a bogus and a Viewer-cookie credential");
    }

    [Fact]
    public async Task AdminPages_SendViewerToAccessDenied_WhenViewerOpensThem()
    {
        using var viewer = new FormSession(Server.BaseAddress);
        Assert.Equal(HttpStatusCode.Found, (await viewer.SignInAsync(ViewerEmail, ViewerPassword)).StatusCode);

        foreach (var route in Routes().Where(r => r.SignedInOnly))
        {
            using var response = await viewer.Client.GetAsync(route.Path);
            if (route.AdminOnly)
                Assert.True(response.StatusCode == HttpStatusCode.Found && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal),
                    $"Viewer got {(int)response.StatusCode} {response.Headers.Location} on {route.Path}");
            else
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Viewer got {(int)response.StatusCode} on {route.Path}");
        }
    }

    [Fact]
    public async Task Pages_OpenForAdmin_WhenAdminIsSignedIn()
    {
        using var admin = new FormSession(Server.BaseAddress);
        Assert.Equal(HttpStatusCode.Found, (await admin.SignInAsync(AdminEmail, AdminPassword)).StatusCode);

        var pages = Routes().Where(r => r.SignedInOnly).ToList();
        foreach (var route in pages)
        {
            using var response = await admin.Client.GetAsync(route.Path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Admin got {(int)response.StatusCode} {response.Headers.Location} on {route.Path}");
        }
        Assert.Contains(pages, p => p.AdminOnly); // the Admin-only pages were among them
    }

    [Fact]
    public async Task FormPosts_AreRefused_WhenAntiforgeryTokenIsMissing()
    {
        using var admin = new FormSession(Server.BaseAddress);
        Assert.Equal(HttpStatusCode.Found, (await admin.SignInAsync(AdminEmail, AdminPassword)).StatusCode);

        // Every page accepts form posts (that is how static forms reach it); signed in, none may act without the token.
        var targets = Routes().Where(r => r.IsPage || r.Pattern == "/Account/Logout").Select(r => r.Path).Distinct().ToList();
        foreach (var path in targets)
        {
            using var forged = await admin.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login", ["Input.Email"] = AdminEmail }));
            Assert.True(forged.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token answered {(int)forged.StatusCode}");
        }
        // Still signed in: the forged sign-out did nothing.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/endpoints")).StatusCode);
        output.WriteLine($"access: {targets.Count} form targets refuse a post without the antiforgery token");
    }

    [Fact]
    public async Task SignIn_LocksAccount_WhenPasswordIsWrongFiveTimes()
    {
        using var attacker = new FormSession(Server.BaseAddress);
        for (var i = 1; i <= 5; i++)
        {
            var wrong = await attacker.SignInAsync(ViewerEmail, "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            // The fifth failure is the one that locks: it already says so.
            Assert.Contains(i < 5 ? "Invalid email or password." : "locked", await wrong.Content.ReadAsStringAsync());
        }

        var right = await attacker.SignInAsync(ViewerEmail, ViewerPassword);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
        Assert.False(attacker.HasCookie("webhooks.auth"));
        // Only that account: the admin still signs in.
        using var admin = new FormSession(Server.BaseAddress);
        Assert.Equal(HttpStatusCode.Found, (await admin.SignInAsync(AdminEmail, AdminPassword)).StatusCode);
    }

    private static async Task<int> StatusAsync(HttpClient client, string method, string path)
    {
        using var response = await client.SendAsync(Request(method, path));
        return (int)response.StatusCode;
    }

    // Ids that do not exist and an empty JSON object: a route that lets the caller in answers 400 or 404, and changes nothing.
    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };

    // The OpenAPI document and its browsable reference (Scalar's page and files under /api/docs): public, no API key.
    private static bool IsApiDescription(string pattern) =>
        pattern.StartsWith("/openapi/", StringComparison.Ordinal) || pattern == "/api/docs" || pattern.StartsWith("/api/docs/", StringComparison.Ordinal);

    private static string Key(string method, string pattern) => $"{method} {pattern}";

    /// <summary>Every route the console maps, once per HTTP method it accepts.</summary>
    private List<(Route Route, string Method)> RoutePairs() => Routes().SelectMany(r => r.Methods.Select(m => (r, m))).ToList();

    /// <param name="IsDashboard">Hangfire's dashboard: not a page of the app, but behind the same sign-in (Viewers read it).</param>
    private sealed record Route(string Pattern, string Path, string[] Methods, bool IsApi, bool IsPage, bool Anonymous, bool AdminOnly, string? Scope, bool IsDashboard)
    {
        /// <summary>Pages and the dashboard: a signed-out visitor is sent to the login page.</summary>
        public bool SignedInOnly => (IsPage && !Anonymous) || IsDashboard;
    }

    /// <summary>Every route the console maps, with route values filled by ids that do not exist.</summary>
    private IEnumerable<Route> Routes()
    {
        var sources = Server.App.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.StartsWith("/_", StringComparison.Ordinal))
                continue; // the framework's own (_blazor circuit hub, _framework scripts)
            var path = pattern.Replace("{Id}", "ep_missing").Replace("{id}", "ep_missing").Replace("{token}", "tok_missing").Replace("{name}", "missing.type")
                .Replace("{documentName}", "v1").Replace("{documentName?}", "v1").Replace("{**path}", "");
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var methods = isPage ? ["GET"] : endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET"];
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var scope = policies.Select(p => p?.StartsWith("api:", StringComparison.Ordinal) == true ? p[4..] : null).FirstOrDefault(p => p is not null);
            yield return new Route(pattern, path, methods, pattern.StartsWith("/api/", StringComparison.Ordinal) && !IsApiDescription(pattern), isPage,
                endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null, policies.Contains(Policies.Admin), scope, pattern.StartsWith("/hangfire", StringComparison.Ordinal));
        }
    }
}

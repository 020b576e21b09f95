using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Persistence;
using static Webhooks.Tests.Console.Api.ApiResponses;

namespace Webhooks.Tests.Console.Api;

public sealed class WebhooksApiTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private static readonly object ValidBody = new { name = "Billing", url = "https://example.com/hooks", events = new[] { "customer.created" } };

    [Fact]
    public async Task List_Returns401Problem_WhenNoKeyIsSent()
    {
        using var client = server.Client(key: null);
        await AssertProblemAsync(await client.GetAsync("/api/v1/webhooks"), HttpStatusCode.Unauthorized);
        using var wrong = server.Client("whk_not-a-real-key");
        await AssertProblemAsync(await wrong.GetAsync("/api/v1/webhooks"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_Returns403Problem_WhenKeyLacksWriteScope()
    {
        using var client = server.Client(await server.CreateKeyAsync("read"));
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/webhooks", ValidBody), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/webhooks")).StatusCode);
    }

    [Fact]
    public async Task CrudRoundTrip_CreatesReadsUpdatesTogglesAndDeletes_WhenInputIsValid()
    {
        using var client = server.Client();
        var created = await client.PostAsJsonAsync("/api/v1/webhooks", ValidBody);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonAsync(created);
        var id = body.GetProperty("id").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(created.Headers.Location!.ToString(), $"/api/v1/webhooks/{id}");

        var read = await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.Equal("Billing", read.GetProperty("name").GetString());
        Assert.True(read.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, read.GetProperty("failureCount").GetInt32());
        Assert.StartsWith("whsec_", read.GetProperty("secretHint").GetString());
        Assert.False(read.TryGetProperty("secret", out var s) && s.ValueKind == JsonValueKind.String);
        Assert.DoesNotContain(secret, await (await client.GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync());

        var updated = await client.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { description = "updated", events = new[] { "customer.*" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await JsonAsync(updated);
        Assert.Equal("updated", after.GetProperty("description").GetString());
        Assert.Equal("Billing", after.GetProperty("name").GetString());
        Assert.Equal("customer.*", after.GetProperty("events")[0].GetString());

        var toggled = await JsonAsync(await client.PostAsync($"/api/v1/webhooks/{id}/toggle", null));
        Assert.False(toggled.GetProperty("enabled").GetBoolean());

        var revealed = await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}/secret"));
        Assert.Equal(secret, revealed.GetProperty("secret").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await AssertProblemAsync(await client.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Secret_Returns403_WhenKeyHasNoAdminScope()
    {
        using var admin = server.Client();
        var id = (await JsonAsync(await admin.PostAsJsonAsync("/api/v1/webhooks", ValidBody))).GetProperty("id").GetString();
        using var client = server.Client(await server.CreateKeyAsync("read", "write"));
        await AssertProblemAsync(await client.GetAsync($"/api/v1/webhooks/{id}/secret"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"name":"A","url":"ftp://example.com","events":["customer.created"]}""", "url")]
    [InlineData("""{"name":"","url":"https://example.com","events":["customer.created"]}""", "name")]
    [InlineData("""{"name":"A","url":"https://example.com","events":["no.such"]}""", "events")]
    [InlineData("""{"name":"A","url":"https://example.com","events":["customer.created"],"timeoutSeconds":"soon"}""", "timeoutSeconds")]
    [InlineData("""{"name":"A","url":"https://example.com","events":["customer.created"],"timeoutSeconds":99}""", "timeoutSeconds")]
    [InlineData("""{"name":"A","url":"https://example.com","events":["customer.created"],"headers":{"X-A":"b\r\nInjected: 1"}}""", "headers")]
    [InlineData("""{"name":"A","url":"https://example.com","events":["customer.created"],"unknown":1}""", "unknown")]
    [InlineData("""{"name":"A",""", "body")]
    [InlineData("""[]""", "body")]
    public async Task Create_Returns400NamingTheField_WhenBodyIsBad(string json, string field)
    {
        using var client = server.Client();
        var response = await client.PostAsync("/api/v1/webhooks", new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Update_Returns404_WhenIdIsUnknown()
    {
        using var client = server.Client();
        await AssertProblemAsync(await client.PutAsJsonAsync("/api/v1/webhooks/ep_missing", new { name = "x" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changes_WriteOneAuditEntryEach_WhenMadeOverTheApi()
    {
        using var client = server.Client();
        var created = await JsonAsync(await client.PostAsJsonAsync("/api/v1/webhooks", ValidBody));
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        await client.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { description = "changed" });
        await client.PostAsync($"/api/v1/webhooks/{id}/toggle", null);
        await client.GetAsync($"/api/v1/webhooks/{id}/secret");
        var rotated = await JsonAsync(await client.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null));
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(secret, newSecret);
        var read = await JsonAsync(await client.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.Equal(newSecret[..10], read.GetProperty("secretHint").GetString()![..10]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);

        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.Where(a => a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(
            ["endpoint.created", "endpoint.updated", "endpoint.disabled", "endpoint.secret_revealed", "endpoint.secret_rotated", "endpoint.deleted"],
            entries.Select(a => a.Action));
        Assert.All(entries, a => Assert.StartsWith("api-key:", a.Actor));
        Assert.DoesNotContain(entries, a => (a.Details ?? "").Contains(secret) || (a.Details ?? "").Contains(newSecret));
    }

    [Theory]
    [InlineData("basic", "authPassword")]
    [InlineData("bearer", "authToken")]
    public async Task Create_NamesTheCredentialFieldAsSent_WhenItIsMissing(string mode, string field)
    {
        using var client = server.Client();
        var response = await client.PostAsJsonAsync("/api/v1/webhooks",
            new { name = "A", url = "https://example.com/hooks", events = new[] { "customer.created" }, authMode = mode, authUsername = "user" });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.False((await JsonAsync(response)).GetProperty("errors").TryGetProperty("authSecret", out _));
    }

    [Theory]
    [InlineData("/api/v1/logs/recent?hours=abc", "hours")]
    [InlineData("/api/v1/logs/recent?limit=ten", "limit")]
    [InlineData("/api/v1/event-types?includeArchived=maybe", "includeArchived")]
    public async Task Get_Returns400ProblemNamingTheParameter_WhenQueryValueDoesNotParse(string path, string field)
    {
        using var client = server.Client();
        var response = await client.GetAsync(path);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }
}

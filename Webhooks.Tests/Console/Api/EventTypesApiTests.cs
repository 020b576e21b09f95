using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Webhooks.Tests.Console.Api.ApiResponses;

namespace Webhooks.Tests.Console.Api;

/// <summary><c>/api/v1/event-types</c> over real HTTP: the catalog from appsettings.json, then changes to it.</summary>
public sealed class EventTypesApiTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task List_ReturnsTheShippedCatalogWithSamples_WhenStarted()
    {
        using var client = server.Client();
        var types = (await client.GetFromJsonAsync<JsonElement>("/api/v1/event-types")).EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);

        string[] shipped =
        [
            "customer.created", "customer.updated", "customer.deleted", "customer.status_changed",
            "document.uploaded", "document.approved", "document.rejected", "document.deleted",
            "product.created", "product.updated", "product.deleted", "webhook.test",
        ];
        Assert.All(shipped, name => Assert.True(types.ContainsKey(name), $"{name} is missing"));
        var created = types["customer.created"];
        Assert.Equal("customer", created.GetProperty("group").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("description").GetString()));
        Assert.Equal("123", created.GetProperty("samplePayload").GetProperty("id").GetString());
        Assert.True(types["webhook.test"].GetProperty("builtIn").GetBoolean());
    }

    [Fact]
    public async Task CreateUpdateArchive_RoundTrip_WhenInputIsValid()
    {
        using var client = server.Client();
        var created = await client.PostAsJsonAsync("/api/v1/event-types",
            new { name = "invoice.paid", group = "invoice", description = "An invoice was paid.", samplePayload = new { id = "inv_1", amount = 12.5 } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/event-types/invoice.paid", created.Headers.Location?.OriginalString);

        var updated = await JsonAsync(await client.PutAsJsonAsync("/api/v1/event-types/invoice.paid", new { description = "Paid in full." }));
        Assert.Equal("Paid in full.", updated.GetProperty("description").GetString());
        Assert.Equal(12.5, updated.GetProperty("samplePayload").GetProperty("amount").GetDouble());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/event-types/invoice.paid")).StatusCode);
        var active = await client.GetFromJsonAsync<JsonElement>("/api/v1/event-types");
        Assert.DoesNotContain(active.EnumerateArray(), t => t.GetProperty("name").GetString() == "invoice.paid");
        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/event-types?includeArchived=true");
        Assert.True(all.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "invoice.paid").GetProperty("archived").GetBoolean());
    }

    [Theory]
    [InlineData("""{"name":"bad name!","group":"x"}""", "name")]
    [InlineData("""{"name":"customer.created","group":"customer"}""", "name")]
    [InlineData("""{"name":"x.y","samplePayload":[1]}""", "samplePayload")]
    public async Task Create_Returns400NamingTheField_WhenBodyIsBad(string json, string field)
    {
        using var client = server.Client();
        var response = await client.PostAsync("/api/v1/event-types", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Routes_Refuse_WhenTypeIsUnknownBuiltInOrKeyLacksScope()
    {
        using var client = server.Client();
        await AssertProblemAsync(await client.PutAsJsonAsync("/api/v1/event-types/no.such", new { description = "x" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.DeleteAsync("/api/v1/event-types/no.such"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.DeleteAsync("/api/v1/event-types/webhook.test"), HttpStatusCode.BadRequest, "name");

        using var reader = server.Client(await server.CreateKeyAsync("read"));
        await AssertProblemAsync(await reader.PostAsJsonAsync("/api/v1/event-types", new { name = "x.y" }), HttpStatusCode.Forbidden);
        using var anonymous = server.Client(key: null);
        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/event-types"), HttpStatusCode.Unauthorized);
    }
}

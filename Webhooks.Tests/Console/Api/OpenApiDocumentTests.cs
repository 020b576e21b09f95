using System.Net.Http.Json;
using System.Text.Json;

namespace Webhooks.Tests.Console.Api;

public sealed class OpenApiDocumentTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task Document_Is31WithAWebhookPerCatalogType_WhenServed()
    {
        using var client = server.Client(key: null);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = doc.RootElement;

        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString());
        var catalog = await server.Client().GetFromJsonAsync<JsonElement>("/api/v1/event-types");
        var webhooks = root.GetProperty("webhooks");
        foreach (var type in catalog.EnumerateArray())
        {
            var name = type.GetProperty("name").GetString()!;
            Assert.True(webhooks.TryGetProperty(name, out var item), $"no webhooks entry for {name}");
            var schema = item.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.Equal("object", schema.GetProperty("properties").GetProperty("data").GetProperty("type").GetString());
        }
        var created = webhooks.GetProperty("customer.created").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("properties").GetProperty("data").GetProperty("properties");
        Assert.True(created.TryGetProperty("customer_no", out _));
        // appsettings.json says "id": "123": a string, kept as one through configuration.
        Assert.Equal("string", created.GetProperty("id").GetProperty("type").GetString());
        Assert.Equal("123", created.GetProperty("id").GetProperty("examples")[0].GetString());
        var price = webhooks.GetProperty("product.created").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("properties").GetProperty("data").GetProperty("properties").GetProperty("price");
        Assert.Equal("number", price.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Document_ListsEveryApiRoute_WhenServed()
    {
        using var client = server.Client(key: null);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        string[] expected =
        [
            "/api/v1/webhooks", "/api/v1/webhooks/{id}", "/api/v1/webhooks/{id}/toggle", "/api/v1/webhooks/{id}/secret", "/api/v1/webhooks/{id}/rotate-secret",
            "/api/v1/webhooks/{id}/test", "/api/v1/webhooks/{id}/logs", "/api/v1/webhooks/{id}/stats", "/api/v1/webhooks/{id}/recover",
            "/api/v1/event-types", "/api/v1/event-types/{name}", "/api/v1/events", "/api/v1/logs/recent",
            "/api/v1/deliveries/{id}", "/api/v1/deliveries/{id}/retry", "/api/v1/deliveries/retry", "/api/v1/jobs/{id}",
        ];
        foreach (var path in expected)
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the document");
    }

    [Fact]
    public async Task DocsPage_IsServed_WhenRequested()
    {
        using var client = server.Client(key: null);
        var html = await client.GetStringAsync("/api/docs");
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        // The page's own settings keep it on this machine (the browser test checks what it really requests).
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Webhooks.Tests.Console.Api;

/// <summary><c>Webhooks:Endpoints</c> in configuration, through real restarts of the whole console.</summary>
public sealed class ConfiguredEndpointsApiTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-configured-").FullName;

    private async Task<JsonElement> StartListAndStopAsync()
    {
        var server = await ConsoleServer.StartAsync(_dir,
            "--Webhooks:Endpoints:0:name=CRM",
            "--Webhooks:Endpoints:0:url=https://crm.example.com/hooks",
            "--Webhooks:Endpoints:0:events:0=customer.created",
            "--Webhooks:Endpoints:0:secret=configured-secret-0123456789",
            "--Webhooks:Endpoints:0:headers:X-Tenant=acme");
        try
        {
            using var client = server.Client();
            return await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConfiguredEndpoint_AppearsOnce_WhenConsoleIsRestartedTwice()
    {
        await StartListAndStopAsync();
        await StartListAndStopAsync();
        var list = await StartListAndStopAsync();

        var endpoint = Assert.Single(list.EnumerateArray());
        Assert.Equal("CRM", endpoint.GetProperty("name").GetString());
        Assert.True(endpoint.GetProperty("fromConfiguration").GetBoolean());
        Assert.Equal("acme", endpoint.GetProperty("headers").GetProperty("X-Tenant").GetString());
        Assert.False(endpoint.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.String);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

using Webhooks.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Endpoints;

public sealed class ConfiguredEndpointImporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-config-").FullName;
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();

    private Dictionary<string, string?> Settings(string url) => new()
    {
        ["Webhooks:EventTypes:0:name"] = "customer.created",
        ["Webhooks:Endpoints:0:name"] = "CRM",
        ["Webhooks:Endpoints:0:url"] = url,
        ["Webhooks:Endpoints:0:events:0"] = "customer.created",
        ["Webhooks:Endpoints:0:secret"] = "configured-secret-0123456789",
        ["Webhooks:Endpoints:0:headers:X-Tenant"] = "acme",
    };

    private async Task<List<Endpoint>> StartAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddWebhooksPersistence($"Data Source={Path.Combine(_dir, "test.db")};Pooling=False")
            .AddWebhooksCore()
            .AddSingleton(_keys)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await using var db = await services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        return await db.Endpoints.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task ImportAsync_KeepsOneRowPerName_WhenStartedTwice()
    {
        await StartAsync(Settings("https://crm.example.com/hooks"));
        var endpoints = await StartAsync(Settings("https://crm.example.com/hooks/v2"));

        var endpoint = Assert.Single(endpoints);
        Assert.True(endpoint.FromConfiguration);
        Assert.Equal("https://crm.example.com/hooks/v2", endpoint.Url);
        Assert.Equal("acme", endpoint.CustomHeaders["X-Tenant"]);
        Assert.Equal(EndpointSecret.Hint("configured-secret-0123456789"), endpoint.SecretHint);
    }

    [Fact]
    public async Task ImportAsync_FailsStartWithTheEntryName_WhenUrlIsInvalid()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Settings("ftp://crm.example.com")));
        Assert.Contains("'CRM'", ex.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

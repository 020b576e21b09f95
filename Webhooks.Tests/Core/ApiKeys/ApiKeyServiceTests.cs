using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.ApiKeys;
using Webhooks.Core.Common;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.ApiKeys;

public sealed class ApiKeyServiceTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-keys-").FullName;
    private ServiceProvider _services = default!;
    private ApiKeyService Keys => _services.GetRequiredService<ApiKeyService>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:Bootstrap:ApiKey"] = "operator-given-key-123" }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddWebhooksPersistence($"Data Source={Path.Combine(_dir, "k.db")};Pooling=False")
            .AddSingleton<ApiKeyService>().BuildServiceProvider();
        await using var db = await _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task CreateAsync_StoresOnlyTheHash_WhenKeyIsCreated()
    {
        var (key, plain) = await Keys.CreateAsync("deploy script", [ApiKeyScopes.Publish], "admin@example.com");

        Assert.StartsWith(ApiKeyService.KeyPrefix, plain);
        Assert.Equal(plain[..12], key.Prefix);
        await using var db = await _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        var row = await db.ApiKeys.SingleAsync();
        Assert.NotEqual(plain, row.Hash);
        Assert.DoesNotContain(plain, row.Hash + row.Prefix + row.Name);
        Assert.Equal(["publish"], (await Keys.AuthenticateAsync(plain))!.Scopes);
    }

    [Fact]
    public async Task AuthenticateAsync_ReturnsNull_WhenKeyIsRevokedOrUnknown()
    {
        var (key, plain) = await Keys.CreateAsync("old", [ApiKeyScopes.Read], "admin@example.com");
        await Keys.RevokeAsync(key.Id, "admin@example.com");

        Assert.Null(await Keys.AuthenticateAsync(plain));
        Assert.Null(await Keys.AuthenticateAsync("whk_unknown"));
    }

    [Fact]
    public async Task AuthenticateAsync_AcceptsBootstrapKeyWithEveryScope_WhenConfigured()
    {
        var identity = await Keys.AuthenticateAsync("operator-given-key-123");
        Assert.NotNull(identity);
        Assert.Equal(ApiKeyScopes.All, identity.Scopes);
    }

    [Fact]
    public async Task CreateAsync_ThrowsFieldErrors_WhenNameOrScopesAreBad()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => Keys.CreateAsync("", ["root"], "admin@example.com"));
        Assert.Contains("name", ex.Errors.Keys);
        Assert.Contains("scopes", ex.Errors.Keys);
    }
}

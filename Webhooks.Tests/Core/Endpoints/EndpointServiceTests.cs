using Webhooks.Core;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Common;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Endpoints;

public sealed class EndpointServiceTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-endpoints-").FullName;
    private ServiceProvider _services = default!;
    private EndpointService Endpoints => _services.GetRequiredService<EndpointService>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:EventTypes:0:name"] = "customer.created",
            ["Webhooks:EventTypes:0:samplePayload:id"] = "1",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddWebhooksPersistence($"Data Source={Path.Combine(_dir, "test.db")};Pooling=False")
            .AddWebhooksCore()
            .AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider())
            .BuildServiceProvider();
        await _services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static EndpointInput Input() => new()
    {
        Name = "Billing",
        Url = "https://example.com/hook",
        Events = ["customer.created"],
        AuthMode = AuthMode.Bearer,
        AuthSecret = "bearer-token-value-123",
    };

    [Fact]
    public async Task CreateAsync_StoresSecretsProtected_WhenEndpointIsSaved()
    {
        var (endpoint, secret) = await Endpoints.CreateAsync(Input(), "admin@example.com");

        Assert.Equal(EndpointSecret.Hint(secret), endpoint.SecretHint);
        Assert.Equal(secret, await Endpoints.RevealSecretAsync(endpoint.Id, "admin@example.com"));
        await using var db = await _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        var row = await db.Endpoints.SingleAsync();
        Assert.DoesNotContain(secret, row.SecretProtected);
        Assert.DoesNotContain("bearer-token-value-123", row.AuthSecretProtected);
        var audit = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["endpoint.created", "endpoint.secret_revealed"], audit);
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), a => (a.Details ?? "").Contains(secret));
    }

    [Fact]
    public async Task CreateAsync_LeavesNoPlainSecretInDatabaseFile_WhenCheckpointed()
    {
        var (_, secret) = await Endpoints.CreateAsync(Input(), "admin@example.com");
        await using (var db = await _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, "test.db"));
        Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(-1, IndexOf(bytes, Encoding.UTF8.GetBytes("bearer-token-value-123")));
    }

    [Fact]
    public async Task CreateAsync_ThrowsFieldErrors_WhenUrlIsFtp()
    {
        var input = Input();
        input.Url = "ftp://example.com/";
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => Endpoints.CreateAsync(input, "admin@example.com"));
        Assert.Contains("url", ex.Errors.Keys);
    }

    [Fact]
    public async Task RotateSecretAsync_KeepsPreviousSecretFor24Hours_WhenRotated()
    {
        var (endpoint, first) = await Endpoints.CreateAsync(Input(), "admin@example.com");
        var second = await Endpoints.RotateSecretAsync(endpoint.Id, "admin@example.com");

        Assert.NotEqual(first, second);
        var rotated = await Endpoints.GetAsync(endpoint.Id);
        Assert.Equal(EndpointSecret.Hint(second), rotated.SecretHint);
        Assert.NotNull(rotated.PreviousSecretProtected);
        Assert.InRange(rotated.PreviousSecretExpiresAt!.Value - DateTime.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task SetEnabledAsync_ResetsFailureCount_WhenReEnabled()
    {
        var (endpoint, _) = await Endpoints.CreateAsync(Input(), "admin@example.com");
        await using (var db = await _services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            await db.Endpoints.ExecuteUpdateAsync(s => s.SetProperty(e => e.IsEnabled, false).SetProperty(e => e.ConsecutiveFailures, 5)
                .SetProperty(e => e.DisabledAutomatically, true).SetProperty(e => e.DisabledReason, "5 failures in a row"));

        var enabled = await Endpoints.SetEnabledAsync(endpoint.Id, true, "admin@example.com");

        Assert.True(enabled.IsEnabled);
        Assert.Equal(0, enabled.ConsecutiveFailures);
        Assert.False(enabled.DisabledAutomatically);
        Assert.Null(enabled.DisabledReason);
    }

    [Fact]
    public async Task DeleteAsync_ThrowsNotFound_WhenIdIsUnknown() =>
        await Assert.ThrowsAsync<NotFoundException>(() => Endpoints.DeleteAsync("ep_missing", "admin@example.com"));

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}

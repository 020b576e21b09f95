using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Webhooks.Console.Hosting;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Hosting;

/// <summary>
/// How consoles on one PostgreSQL database come to hold the same key ring: the first key is created
/// once under the start-up lock (<c>InitializeWebhooksConsoleAsync</c>), and a key another console adds
/// later is found when a payload names it. Each test has its own pair of consoles: they change the ring.
/// </summary>
public sealed class KeyRingStartupTests
{
    [Fact]
    public async Task InitializeWebhooksConsoleAsync_CreatesOneKeyBothConsolesUse_WhenTwoStartTogetherOnAnEmptyPostgreSqlDatabase()
    {
        var consoles = new TwoPostgreSqlConsoles { StartTogether = true };
        await consoles.InitializeAsync();
        try
        {
            List<string?> stored;
            await using (var db = await consoles.A.DbAsync())
                stored = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();

            // Data Protection caches its ring for about a day: had each console created its own first
            // key, each would keep protecting with a key the other does not hold.
            var key = Assert.Single(stored);
            var keyId = Guid.Parse(XElement.Parse(key!).Attribute("id")!.Value);
            Assert.Equal(keyId, DefaultKeyId(consoles.A));
            Assert.Equal(keyId, DefaultKeyId(consoles.B));
        }
        finally
        {
            await consoles.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddWebhooksData_LetsConsoleBReadASecretProtectedWithAKeyAddedAfterBStarted_WhenBothShareOnePostgreSqlDatabase()
    {
        var consoles = new TwoPostgreSqlConsoles();
        await consoles.InitializeAsync();
        try
        {
            // A key B has not seen becomes A's default after B cached its ring: A's key revoked, A's ring
            // gets a new key at once, as when every key has expired. Data Protection re-reads the ring
            // when a payload names a key it lacks, but only in a process's first two minutes
            // (KeyRingBasedDataProtector, KeyRingProvider.AutoRefreshWindowEnd); after that about once a
            // day, which is why the first key is created under the start-up lock.
            var first = DefaultKeyId(consoles.A);
            consoles.A.App.Services.GetRequiredService<IKeyManager>().RevokeKey(first, "replaced while B runs");
            // A re-reads its ring in the background and keeps protecting with the old key until then.
            var added = await Eventually.WaitAsync(() => Task.FromResult(DefaultKeyId(consoles.A)), id => id != first, "A protects with a new key");
            Assert.Null(KeyRing(consoles.B).GetAuthenticatedEncryptorByKeyId(added, out _));

            var secret = EndpointSecret.Generate();
            var endpointId = await new WebhooksApiDriver(consoles.A.Client()).CreateEndpointAsync(
                new Uri("https://example.com/hooks"), extra: new Dictionary<string, object?> { ["secret"] = secret });
            var revealed = await consoles.B.Client().GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{endpointId}/secret");

            Assert.Equal(secret, revealed.GetProperty("secret").GetString());
        }
        finally
        {
            await consoles.DisposeAsync();
        }
    }

    [Fact]
    public async Task InitializeWebhooksConsoleAsync_WarnsThatKeysPathIsIgnored_WhenTheProviderIsPostgreSql()
    {
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("webhooks-keys-").FullName;
        var keysPath = Path.Combine(folder, "keys");
        var lines = new List<string>();
        var builder = WebApplication.CreateBuilder([
            "--contentRoot", folder,
            "--Webhooks:Database:Provider=PostgreSql",
            $"--ConnectionStrings:Webhooks={connectionString}",
            $"--Webhooks:DataProtection:KeysPath={keysPath}",
        ]);
        builder.AddWebhooksConsole();
        builder.Logging.AddProvider(new ListLoggerProvider(lines));
        await using var app = builder.Build();

        await app.InitializeWebhooksConsoleAsync();

        Assert.Contains(lines, l => l.StartsWith("Warning: ", StringComparison.Ordinal) && l.Contains($"Webhooks:DataProtection:KeysPath ({keysPath}) is ignored", StringComparison.Ordinal));
        Assert.False(Directory.Exists(keysPath));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        Directory.Delete(folder, recursive: true);
    }

    private static IKeyRing KeyRing(ConsoleServer console) =>
        console.App.Services.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing();

    private static Guid DefaultKeyId(ConsoleServer console) => KeyRing(console).DefaultKeyId;
}

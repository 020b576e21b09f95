using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The gate as <see cref="PersistenceServiceCollectionExtensions.AddWebhooksPersistence"/> registers it; neither database is opened.</summary>
public sealed class WriteGateTests
{
    [Fact]
    public async Task EnterAsync_LetsTheNextWriterInOnlyOnceTheFirstLeaves_WhenTheDatabaseIsSqlite()
    {
        var gate = Gate("Data Source=unused.db", DatabaseProvider.Sqlite);
        var first = await gate.EnterAsync();

        var second = gate.EnterAsync();

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task EnterAsync_LetsWritersInTogether_WhenTheDatabaseIsPostgreSql()
    {
        var gate = Gate("Host=127.0.0.1;Database=unused", DatabaseProvider.PostgreSql);
        using var first = await gate.EnterAsync();

        var second = gate.EnterAsync();

        Assert.True(second.IsCompletedSuccessfully);
        (await second).Dispose();
    }

    private static WriteGate Gate(string connectionString, DatabaseProvider provider) =>
        new ServiceCollection().AddWebhooksPersistence(connectionString, provider).BuildServiceProvider().GetRequiredService<WriteGate>();
}

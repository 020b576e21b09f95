using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Persistence;

/// <summary>The background checkpoint of a console on SQLite, in a real host over a real file.</summary>
public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task ExecuteAsync_CopiesTheWholeLogIntoTheDatabase_WhenWritesWereTooFewForACommitToCheckpoint()
    {
        await using var host = await DeliveryTestHost.CreateAsync();
        var checkpointer = host.Services.GetRequiredService<SqliteCheckpointer>();
        // SQLite checkpoints the log itself when the last connection to the file closes, and other
        // tests' hosts close every idle pooled connection in the process when they are disposed
        // (ClearAllPools): that left this one's log empty before the first tick, and every checkpoint
        // then found 0 pages. A console always has connections open; this one stands for them.
        await using var db = await host.DbAsync();
        await using var held = new SqliteConnection(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ToString());
        await held.OpenAsync();
        // Opened is not enough: a connection counts once it has read the file (and so shares its log).
        await using (var read = held.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            await read.ExecuteScalarAsync();
        }

        // A few pages: far below the 1,000 at which a commit would checkpoint by itself.
        await host.Publisher.PublishAsync("customer.created", JsonSerializer.SerializeToElement(new { id = "1" }));
        // What another test's disposal may do at any moment; with the connection held, the log survives it.
        SqliteConnection.ClearAllPools();

        // A wait for a condition, generous for a loaded machine; the log lines say why if it never comes.
        var last = await Eventually.WaitAsync(() => Task.FromResult(checkpointer.Last), l => l.LogPages > 0 && l.CopiedPages == l.LogPages,
            "a checkpoint that copied the whole log", TimeSpan.FromSeconds(60),
            l => $"last checkpoint: {l.CopiedPages} of {l.LogPages} pages copied; log: {string.Join(" | ", host.LogLines.Where(line => line.Contains("checkpoint", StringComparison.OrdinalIgnoreCase)))}");
        Assert.InRange(last.LogPages, 1, 999);
    }

    [Fact]
    public void AddWebhooksPersistence_RegistersNoCheckpointer_WhenTheDatabaseIsPostgreSql()
    {
        var services = new ServiceCollection().AddWebhooksPersistence("Host=127.0.0.1;Database=x", DatabaseProvider.PostgreSql);

        Assert.DoesNotContain(services, s => s.ServiceType == typeof(SqliteCheckpointer));
    }
}

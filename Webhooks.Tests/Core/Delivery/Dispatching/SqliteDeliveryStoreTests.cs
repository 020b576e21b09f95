using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class SqliteDeliveryStoreTests : DeliveryStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DueStatements_ReadThePendingOnlyIndex_WithOrWithoutExcludedEndpoints(bool excluding)
    {
        await using var host = await CreateHostAsync();
        await using var db = await host.DbAsync();
        await db.Database.OpenConnectionAsync();

        // SQLite takes a partial index only when the query names its filter: a bound @pending would not.
        foreach (var sql in new[] { ClaimStatements.Due(db.Database, excluding), ClaimStatements.NextDue(db.Database, excluding) })
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    plan.Add(reader.GetString(reader.GetOrdinal("detail")));
            Assert.Contains(plan, step => step.Contains("USING INDEX IX_Deliveries_Status_NextAttemptAt", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task LoadAsync_ReportsTheRowUnreadable_WhenADateColumnHoldsNoDate()
    {
        await using var host = await CreateHostAsync();
        var ids = await PublishAsync(host, endpoints: 1, events: 2);
        // A Julian day written to a date column is stored as text (the column's affinity), and is no date.
        await using (var db = await host.DbAsync())
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Deliveries" SET "CreatedAt" = julianday('2026-12-04 10:30:00') WHERE "Id" = {0}""", ids[0]);
        var store = host.Services.GetRequiredService<DeliveryStore>();

        var load = await store.LoadAsync(ids, CancellationToken.None);

        Assert.Equal(ids[1], Assert.Single(load.Deliveries).Id);
        Assert.Contains("not recognized as a valid DateTime", load.Unreadable[ids[0]], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_KeepsTheEventsDataAsStoredBytes_WhenTheyAreValidUtf8()
    {
        await using var host = await CreateHostAsync();
        await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));
        await host.Publisher.PublishAsync("customer.created", JsonSerializer.SerializeToElement(new { name = "Zoë ✓ 🚀" }));
        await using var db = await host.DbAsync();
        var stored = await db.Deliveries.Include(d => d.Event).SingleAsync();
        var store = host.Services.GetRequiredService<DeliveryStore>();

        var loaded = Assert.Single((await store.LoadAsync([stored.Id], CancellationToken.None)).Deliveries).Event!;

        Assert.Equal(Encoding.UTF8.GetBytes(stored.Event!.Data), loaded.DataUtf8);
        Assert.Equal(stored.Event.Data, loaded.Data);
        Assert.Equal(WebhookPayload.Serialize(stored.Event), WebhookPayload.Serialize(loaded));
    }

    [Fact]
    public async Task LoadAsync_DecodesTheEventsData_WhenTheStoredTextIsNotValidUtf8()
    {
        await using var host = await CreateHostAsync();
        var ids = await PublishAsync(host, endpoints: 1, events: 1);
        // CAST stores the bytes as text unchecked: {"a":"<a lone continuation byte>"}.
        await using var db = await host.DbAsync();
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Events" SET "Data" = CAST(X'7B2261223A2280227D' AS TEXT)""");
        var stored = await db.Deliveries.Include(d => d.Event).SingleAsync();
        var store = host.Services.GetRequiredService<DeliveryStore>();

        var loaded = Assert.Single((await store.LoadAsync(ids, CancellationToken.None)).Deliveries).Event!;

        Assert.Null(loaded.DataUtf8);
        Assert.Equal("{\"a\":\"\uFFFD\"}", loaded.Data);
        Assert.Equal(WebhookPayload.Serialize(stored.Event!), WebhookPayload.Serialize(loaded));
    }
}

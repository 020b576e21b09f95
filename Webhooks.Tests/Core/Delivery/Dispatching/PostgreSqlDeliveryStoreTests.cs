using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>The store on PostgreSQL, where several consoles claim from one table at once.</summary>
public sealed class PostgreSqlDeliveryStoreTests : DeliveryStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    [Fact]
    public async Task ClaimAsync_ClaimsTheOtherRowsWithoutWaiting_WhenAnotherTransactionHoldsOneRowLocked()
    {
        await using var host = await CreateHostAsync();
        var ids = await PublishAsync(host, endpoints: 1, events: 3);
        var store = host.Services.GetRequiredService<DeliveryStore>();
        await using var db = await host.DbAsync();
        // Another console in the middle of claiming (or settling) the first row.
        await using var other = new NpgsqlConnection(db.Database.GetConnectionString());
        await using var transaction = await LockRowAsync(other, "Deliveries", ids[0]);

        // A claim that waits for the lock would wait as long as the transaction is open: the token
        // turns that into a clear failure instead of a hang.
        using var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        IReadOnlyList<string> claimed = [];
        try
        {
            claimed = await store.ClaimAsync(Owner, DateTime.UtcNow, ids, waiting.Token);
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            Assert.Fail("ClaimAsync waited for the row another transaction holds locked instead of passing it over.");
        }

        Assert.Equal(ids[1..].Order(), claimed.Order());
        await transaction.RollbackAsync();
        Assert.Null((await host.DeliveryAsync(ids[0])).LeasedBy);
        Assert.Equal(ids[0], Assert.Single(await store.ClaimAsync(Owner, DateTime.UtcNow, ids, CancellationToken.None)));
    }

    [Fact]
    public async Task SettleBatchAsync_SettlesBothBatches_WhenTwoConsolesSettleForTheSameEndpointsInOppositeOrders()
    {
        await using var host = await CreateHostAsync();
        await PublishAsync(host, endpoints: 2, events: 2);
        var store = host.Services.GetRequiredService<DeliveryStore>();
        await using var db = await host.DbAsync();
        var connectionString = db.Database.GetConnectionString()!;
        // Two deliveries of each endpoint; first and second as every batch locks them (ordinal ids).
        var endpoints = (await db.Deliveries.Select(d => new { d.Id, d.EndpointId }).ToListAsync())
            .GroupBy(d => d.EndpointId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var (first, second) = (endpoints[0].Key, endpoints[1].Key);
        var (ofFirst, ofSecond) = (endpoints[0].Select(d => d.Id).ToList(), endpoints[1].Select(d => d.Id).ToList());
        // Each console holds one delivery of each endpoint; console B lists them the other way round.
        await store.ClaimAsync("console-a/1/aaaa", DateTime.UtcNow, [ofFirst[0], ofSecond[0]], CancellationToken.None);
        await store.ClaimAsync("console-b/2/bbbb", DateTime.UtcNow, [ofFirst[1], ofSecond[1]], CancellationToken.None);
        SettleRequest Settle(string owner, string id, string endpointId) => new(owner, Attempt(id, 1), Succeeded, endpointId);
        // A third writer holds the second endpoint's row, so both batches are mid-way when it lets go.
        await using var other = new NpgsqlConnection(connectionString);
        await using var transaction = await LockRowAsync(other, "Endpoints", second);

        var reversed = store.SettleBatchAsync([Settle("console-b/2/bbbb", ofSecond[1], second), Settle("console-b/2/bbbb", ofFirst[1], first)], CancellationToken.None);
        await WaitForLockWaitsAsync(connectionString, 1);
        var forward = store.SettleBatchAsync([Settle("console-a/1/aaaa", ofFirst[0], first), Settle("console-a/1/aaaa", ofSecond[0], second)], CancellationToken.None);
        await WaitForLockWaitsAsync(connectionString, 2);
        await transaction.RollbackAsync();

        var results = await Task.WhenAll(reversed, forward).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(results.SelectMany(r => r), r => Assert.True(r.LeaseHeld && r.AttemptRecorded));
        Assert.Equal(4, await db.DeliveryAttempts.CountAsync());
    }

    /// <summary>Locks the row <paramref name="id"/> of <paramref name="table"/> in a transaction of <paramref name="connection"/>, as a console mid-write holds it, until the transaction ends.</summary>
    private static async Task<NpgsqlTransaction> LockRowAsync(NpgsqlConnection connection, string table, string id)
    {
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockRow = new NpgsqlCommand($"""SELECT "Id" FROM "{table}" WHERE "Id" = @id FOR UPDATE""", connection, transaction);
        lockRow.Parameters.AddWithValue("id", id);
        await lockRow.ExecuteScalarAsync();
        return transaction;
    }

    /// <summary>Waits until <paramref name="count"/> statements of this database wait for a lock.</summary>
    private static Task WaitForLockWaitsAsync(string connectionString, int count) =>
        Eventually.WaitAsync(async () =>
        {
            // A connection of its own: inside a transaction pg_stat_activity keeps showing its first reading.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var waits = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            return Convert.ToInt32(await waits.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }, n => n >= count, $"{count} statements waiting for a lock");
}

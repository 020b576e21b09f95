using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Persistence;

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
        string connectionString;
        await using (var db = await host.DbAsync())
            connectionString = db.Database.GetConnectionString()!;
        // Another console in the middle of claiming (or settling) the first row.
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("""SELECT "Id" FROM "Deliveries" WHERE "Id" = @id FOR UPDATE""", other, transaction))
        {
            lockRow.Parameters.AddWithValue("id", ids[0]);
            await lockRow.ExecuteScalarAsync();
        }

        // A claim that waits for the lock would wait as long as the transaction is open: the token
        // turns that into a clear failure instead of a hang.
        using var waiting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        IReadOnlyList<ClaimedDelivery> claimed = [];
        try
        {
            claimed = await store.ClaimAsync(Owner, DateTime.UtcNow, ids, waiting.Token);
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            Assert.Fail("ClaimAsync waited for the row another transaction holds locked instead of passing it over.");
        }

        Assert.Equal(ids[1..].Order(), claimed.Select(c => c.Id).Order());
        await transaction.RollbackAsync();
        Assert.Null((await host.DeliveryAsync(ids[0])).LeasedBy);
        Assert.Equal(ids[0], Assert.Single(await store.ClaimAsync(Owner, DateTime.UtcNow, ids, CancellationToken.None)).Id);
    }
}

using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery.Dispatching;
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
        var excluded = excluding ? "@x0, @x1" : null;
        await db.Database.OpenConnectionAsync();

        // SQLite takes a partial index only when the query names its filter: a bound @pending would not.
        foreach (var sql in new[] { ClaimStatements.Due(excluded), ClaimStatements.NextDue(excluded) })
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
}

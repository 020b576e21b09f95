using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Events;

/// <summary>
/// Writes published events and their deliveries, a batch per transaction, as plain statements
/// (<see cref="StatementBatch"/>): at a thousand events a second EF's SaveChanges was over half of a
/// publish's CPU (bench profile). The rows are the ones SaveChanges wrote, column for column.
/// </summary>
internal static class PublishedRows
{
    private const string InsertEventSql = """
        INSERT INTO "Events" ("Id", "Type", "Data", "Metadata", "OccurredAt", "IdempotencyKey")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5)
        """;

    private const string InsertDeliverySql = """
        INSERT INTO "Deliveries" ("Id", "EventId", "EndpointId", "EventType", "Status", "AttemptCount", "NextAttemptAt", "NextTrigger",
            "LeasedUntil", "LeasedBy", "IsTest", "CreatedAt", "LastAttemptAt", "LastStatusCode", "LastDurationMs", "LastError")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, NULL, NULL, @p8, @p9, NULL, NULL, NULL, NULL)
        """;

    /// <summary>All or nothing: an event never exists without its deliveries.</summary>
    /// <exception cref="System.Data.Common.DbException">A constraint failed (a racing idempotency key); nothing was written.</exception>
    public static async Task<IReadOnlyList<bool>> InsertAsync(IDbContextFactory<WebhooksDbContext> dbFactory, WriteGate writeGate, IReadOnlyList<PublishedEvent> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        using var write = await writeGate.EnterAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var rows = new StatementBatch(db.Database.GetDbConnection(), tx.GetDbTransaction());
        foreach (var (evt, deliveries) in batch)
        {
            rows.Add(InsertEventSql, evt.Id, evt.Type, evt.Data, evt.Metadata, evt.OccurredAt, evt.IdempotencyKey);
            foreach (var d in deliveries)
                rows.Add(InsertDeliverySql, d.Id, d.EventId, d.EndpointId, d.EventType, (int)d.Status, d.AttemptCount,
                    d.NextAttemptAt, (int)d.NextTrigger, d.IsTest, d.CreatedAt);
        }
        await rows.ExecuteAsync(CancellationToken.None);
        await tx.CommitAsync();
        return batch.Select(_ => true).ToList();
    }
}

/// <summary>An event with the deliveries it fans out to, waiting to be written.</summary>
internal sealed record PublishedEvent(Event Event, IReadOnlyList<DeliveryEntity> Deliveries);

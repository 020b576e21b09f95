namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The statements of <see cref="DeliveryStore.SettleBatchAsync"/>, the same on both databases, run
/// through a <see cref="Persistence.StatementBatch"/>; the first two end with <see cref="ReturningId"/>
/// where the batch needs it (<see cref="Persistence.StatementBatch.NeedsReturning"/>). Parameters are
/// positional (@p0, @p1, ...), in the order the store adds them.
/// </summary>
internal static class SettleStatements
{
    /// <summary>Returns the row's id: how a server database's batch tells what each statement did.</summary>
    public const string ReturningId = "\nRETURNING \"Id\"";

    /// <summary>Moves a delivery on after an attempt, while <c>@p1</c> still holds its lease (one row changed when it did).</summary>
    public const string SettleDelivery = """
        UPDATE "Deliveries" SET "Status" = @p2, "NextAttemptAt" = @p3, "NextTrigger" = @p4, "AttemptCount" = "AttemptCount" + 1,
            "LeasedUntil" = NULL, "LeasedBy" = NULL, "UnsettledClaims" = 0,
            "LastAttemptAt" = @p5, "LastStatusCode" = @p6, "LastDurationMs" = @p7, "LastError" = @p8,
            "ManualAttempts" = "ManualAttempts" + @p9
        WHERE "Id" = @p0 AND "LeasedBy" = @p1
        """;

    // Nothing to record against a delivery that is gone (its endpoint was deleted while the request
    // was out), and a number already recorded stays the first record: neither fails the batch.
    /// <summary>Records an attempt (one row inserted, whose id is the attempt's), or nothing.</summary>
    public const string InsertAttempt = """
        INSERT INTO "DeliveryAttempts" ("DeliveryId", "Number", "Trigger", "StartedAt", "DurationMs", "RequestUrl", "RequestHeaders", "RequestBody",
            "ResponseStatus", "ResponseHeaders", "ResponseBody", "ResponseBodyTruncated", "Succeeded", "ErrorKind", "Error")
        SELECT @p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14
        WHERE EXISTS (SELECT 1 FROM "Deliveries" WHERE "Id" = @p0)
        ON CONFLICT ("DeliveryId", "Number") DO NOTHING
        """;

    // Health columns are not edits: they leave the concurrency token alone, so an admin's open
    // form is not invalidated by traffic.
    /// <summary>An endpoint's latest success.</summary>
    public const string EndpointSucceeded = """
        UPDATE "Endpoints" SET "ConsecutiveFailures" = 0, "LastSuccessAt" = @p1 WHERE "Id" = @p0
        """;
}

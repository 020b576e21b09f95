namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The statements of <see cref="DeliveryStore.SettleBatchAsync"/>, the same on both databases, run
/// through a <see cref="Persistence.StatementBatch"/>. Parameters are positional (@p0, @p1, ...), in
/// the order the store adds them.
/// </summary>
internal static class SettleStatements
{
    /// <summary>Moves a delivery on after an attempt, while <c>@p1</c> still holds its lease; returns its id when it did.</summary>
    public const string SettleDelivery = """
        UPDATE "Deliveries" SET "Status" = @p2, "NextAttemptAt" = @p3, "NextTrigger" = @p4, "AttemptCount" = "AttemptCount" + 1,
            "LeasedUntil" = NULL, "LeasedBy" = NULL, "UnsettledClaims" = 0,
            "LastAttemptAt" = @p5, "LastStatusCode" = @p6, "LastDurationMs" = @p7, "LastError" = @p8,
            "ManualAttempts" = "ManualAttempts" + @p9
        WHERE "Id" = @p0 AND "LeasedBy" = @p1
        RETURNING "Id"
        """;

    // Nothing to record against a delivery that is gone (its endpoint was deleted while the request
    // was out), and a number already recorded stays the first record: neither fails the batch.
    /// <summary>Records an attempt; returns its id, or no row when nothing was recorded.</summary>
    public const string InsertAttempt = """
        INSERT INTO "DeliveryAttempts" ("DeliveryId", "Number", "Trigger", "StartedAt", "DurationMs", "RequestUrl", "RequestHeaders", "RequestBody",
            "ResponseStatus", "ResponseHeaders", "ResponseBody", "ResponseBodyTruncated", "Succeeded", "ErrorKind", "Error")
        SELECT @p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14
        WHERE EXISTS (SELECT 1 FROM "Deliveries" WHERE "Id" = @p0)
        ON CONFLICT ("DeliveryId", "Number") DO NOTHING
        RETURNING "Id"
        """;

    // Health columns are not edits: they leave the concurrency token alone, so an admin's open
    // form is not invalidated by traffic.
    /// <summary>An endpoint's latest success.</summary>
    public const string EndpointSucceeded = """
        UPDATE "Endpoints" SET "ConsecutiveFailures" = 0, "LastSuccessAt" = @p1 WHERE "Id" = @p0
        """;
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The dispatcher's claim statements (<see cref="DeliveryStore.DueAsync"/>,
/// <see cref="DeliveryStore.ClaimAsync"/>, <see cref="DeliveryStore.NextDueAsync"/>), and the set of ids the claim and the load
/// read (<see cref="Ids"/>). The claim and that set are the store's only SQL written per database:
/// the two lock rows differently (on PostgreSQL several consoles claim at once), and take a list of
/// values differently.
/// Parameters: <c>@now</c>, for the due reads <c>@excluded</c>, and for the claim (and <see cref="Leased"/>) <c>@pending</c>, <c>@until</c>, <c>@owner</c> and <c>@ids</c>.
/// </summary>
internal static class ClaimStatements
{
    /// <summary>
    /// The due index's filter (<see cref="Persistence.WebhooksDbContext"/>), and the due reads' own
    /// condition, word for word: SQLite uses a partial index only for a query whose WHERE names its
    /// filter, and a bound parameter (<c>@pending</c>) does not.
    /// </summary>
    public static readonly string PendingOnly = $"\"Status\" = {(int)DeliveryStatus.Pending}";

    /// <summary>Due, unleased deliveries, oldest due first, up to <c>@limit</c>; when <paramref name="excluding"/>, outside the endpoints <c>@excluded</c> names (<see cref="IdsValue"/>).</summary>
    public static string Due(DatabaseFacade database, bool excluding) => $"""
        SELECT "Id", "EndpointId" FROM "Deliveries"
        WHERE {PendingOnly} AND "NextAttemptAt" <= @now AND {Unleased(database, excluding)}
        ORDER BY "NextAttemptAt"
        LIMIT @limit
        """;

    /// <summary>The earliest due time of an unleased delivery, due or not (NULL for none); <paramref name="excluding"/> as for <see cref="Due"/>.</summary>
    public static string NextDue(DatabaseFacade database, bool excluding) => $"""
        SELECT MIN("NextAttemptAt") FROM "Deliveries"
        WHERE {PendingOnly} AND "NextAttemptAt" IS NOT NULL AND {Unleased(database, excluding)}
        """;

    // The endpoints left out are one parameter, as the ids are (Ids): one statement text whatever
    // they are, so the round's held connection keeps it prepared (Persistence.HeldConnection).
    private static string Unleased(DatabaseFacade database, bool excluding) =>
        $"""("LeasedUntil" IS NULL OR "LeasedUntil" < @now){(excluding ? $" AND \"EndpointId\" NOT IN ({Ids(database, "@excluded")})" : "")}""";

    /// <summary>
    /// The rows <c>@ids</c> names, as a subquery: one parameter holding every id (<see cref="IdsValue"/>),
    /// so the statement's text is the same whatever the count. A parameter per id made a new
    /// statement to prepare at every round, and SQLite looks each parameter's name up in a list:
    /// two hundred names, bound one by one, on every claim and every load.
    /// </summary>
    public static string Ids(DatabaseFacade database, string parameter = "@ids") =>
        database.IsNpgsql() ? $"SELECT unnest({parameter})" : $"SELECT value FROM json_each({parameter})";

    /// <summary>The value of <c>@ids</c> for <see cref="Ids"/>: a <c>text[]</c> on PostgreSQL, a JSON array on SQLite.</summary>
    public static object IdsValue(DatabaseFacade database, IReadOnlyCollection<string> ids) =>
        database.IsNpgsql() ? ids.ToArray() : JsonSerializer.Serialize(ids);

    /// <summary>
    /// Leases those of <c>@ids</c> still Pending and unleased. On PostgreSQL it returns the id of each
    /// row it leased; on SQLite nothing, and the count of rows changed tells (see <see cref="Leased"/>).
    /// </summary>
    /// <param name="database">The claim's database: picks the statement for its provider.</param>
    public static string Claim(DatabaseFacade database) =>
        database.IsNpgsql() ? PostgreSqlClaim : SqliteClaim;

    // SQLite has one writer: a claim never meets another mid-way, and the conditional UPDATE is
    // atomic. The unary + keeps SQLite on the primary key instead of walking the Status index. No
    // RETURNING: SQLite runs it as a second pass through a temporary table, and the rows a claim
    // leases are nearly always all it was given, which the count of changed rows says. The load reads
    // what the dispatcher needs of each row anyway (DeliveryLoader).
    private static readonly string SqliteClaim = """
        UPDATE "Deliveries" SET "LeasedUntil" = @until, "LeasedBy" = @owner, "UnsettledClaims" = "UnsettledClaims" + 1
        WHERE "Id" IN (SELECT value FROM json_each(@ids))
          AND +"Status" = @pending AND ("LeasedUntil" IS NULL OR "LeasedUntil" < @now)
        """;

    /// <summary>
    /// Those of <c>@ids</c> the claim just leased, when it leased fewer than it was given (SQLite):
    /// leased to <c>@owner</c> until <c>@until</c>. No other row of <c>@ids</c> holds that lease: the
    /// dispatcher claims only rows it does not hold, and the claim passes over a row with a live lease.
    /// </summary>
    public static string Leased(DatabaseFacade database) => $"""
        SELECT "Id" FROM "Deliveries"
        WHERE "Id" IN ({Ids(database)}) AND "LeasedBy" = @owner AND "LeasedUntil" = @until
        """;

    // A plain UPDATE on PostgreSQL waits for a row another console is claiming (or settling) at the
    // same moment, then re-checks it. Locking in the inner SELECT with SKIP LOCKED passes such rows
    // over instead: consoles never wait on each other's rows, a row taken by the other is not
    // returned, and a row merely locked is due again at the next round. Still one statement.
    private static readonly string PostgreSqlClaim = """
        UPDATE "Deliveries" SET "LeasedUntil" = @until, "LeasedBy" = @owner, "UnsettledClaims" = "UnsettledClaims" + 1
        WHERE "Id" IN (
            SELECT "Id" FROM "Deliveries"
            WHERE "Id" IN (SELECT unnest(@ids)) AND "Status" = @pending AND ("LeasedUntil" IS NULL OR "LeasedUntil" < @now)
            FOR UPDATE SKIP LOCKED)
        RETURNING "Id"
        """;
}

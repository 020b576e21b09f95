using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Reads claimed deliveries with their event and endpoint in one plain statement. EF's Include
/// materialisation cost ~9 % of the dispatcher's CPU (profile of the bench); this reads the same
/// rows (inner joins, as EF's required navigations do) into the same entities, untracked. An
/// endpoint or event shared by several rows of one batch is read once and shared: the send path
/// only reads them, and the request factory keeps the serialised body per event object. An endpoint
/// whose copy from an earlier load is still current (<see cref="CurrentEndpoints.Unchanged"/>) is
/// shared from there, its columns not read again; when every endpoint of the batch has such a copy,
/// the statement leaves the endpoints out altogether.
/// </summary>
internal static class DeliveryLoader
{
    private const string DeliveryAndEventColumns = """
        d."Id", d."EventId", d."EndpointId", d."EventType", d."Status", d."AttemptCount", d."NextAttemptAt", d."NextTrigger",
        d."LeasedUntil", d."LeasedBy", d."IsTest", d."CreatedAt", d."LastAttemptAt", d."LastStatusCode", d."LastDurationMs", d."LastError", d."ManualAttempts",
        d."UnsettledClaims", v."Type", v."Data", v."Metadata", v."OccurredAt", v."IdempotencyKey"
        """;

    private const string EndpointColumns = """
        e."Name", e."Url", e."Description", e."IsEnabled", e."DisabledReason", e."DisabledAutomatically", e."Subscriptions",
        e."SignatureScheme", e."SecretProtected", e."SecretHint", e."PreviousSecretProtected", e."PreviousSecretExpiresAt", e."AuthMode",
        e."AuthUsername", e."AuthSecretProtected", e."CustomHeaders", e."TimeoutSeconds", e."RetryEnabled", e."RateLimitPerSecond",
        e."ConsecutiveFailures", e."LastSuccessAt", e."LastFailureAt", e."LastError", e."FromConfiguration", e."CreatedAt", e."UpdatedAt", e."Version"
        """;

    // Ordinals of the first event and endpoint columns in the SELECT (Sql).
    private const int EventAt = 18;
    private const int EndpointAt = 23;

    /// <summary>The SELECT for the rows <paramref name="ids"/> names (<see cref="ClaimStatements.Ids"/>).</summary>
    /// <param name="withEndpoints">
    /// False when a current copy of every endpoint of the rows is at hand: SQLite computes every
    /// column of a result row, read or not, so the endpoint's 27 were produced again for each delivery.
    /// </param>
    public static string Sql(string ids, bool withEndpoints) => withEndpoints
        ? $"""
            SELECT {DeliveryAndEventColumns},
            {EndpointColumns}
            FROM "Deliveries" AS d
            INNER JOIN "Events" AS v ON v."Id" = d."EventId"
            INNER JOIN "Endpoints" AS e ON e."Id" = d."EndpointId"
            WHERE d."Id" IN ({ids})
            """
        : $"""
            SELECT {DeliveryAndEventColumns}
            FROM "Deliveries" AS d
            INNER JOIN "Events" AS v ON v."Id" = d."EventId"
            WHERE d."Id" IN ({ids})
            """;

    /// <summary>
    /// Reads every row; a row whose stored values do not decode (JSON that does not parse, a value
    /// of the wrong type) is reported in <see cref="DeliveryLoad.Unreadable"/> instead of failing
    /// the rest of the batch with it, since it would fail the same way on every claim.
    /// </summary>
    /// <param name="unchanged">A current copy of an endpoint, used instead of its columns; null to read them.</param>
    /// <param name="withEndpoints">Whether the statement has the endpoint's columns (<see cref="Sql"/>); without them <paramref name="unchanged"/> has every endpoint.</param>
    public static async Task<DeliveryLoad> ReadAsync(DbCommand command, Func<string, Endpoint?> unchanged, bool withEndpoints, CancellationToken ct)
    {
        var deliveries = new List<DeliveryEntity>();
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new Dictionary<string, Event>(StringComparer.Ordinal);
        var endpoints = new Dictionary<string, Endpoint>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            try
            {
                deliveries.Add(ReadRow(reader, events, endpoints, unchanged, withEndpoints));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidCastException or OverflowException)
            {
                unreadable[id] = $"The delivery could not be read from the database: {ex.Message}";
            }
        }
        return new DeliveryLoad(deliveries, unreadable);
    }

    private static DeliveryEntity ReadRow(DbDataReader reader, Dictionary<string, Event> events, Dictionary<string, Endpoint> endpoints, Func<string, Endpoint?> unchanged, bool withEndpoints)
    {
        var delivery = new DeliveryEntity
        {
            Id = reader.GetString(0),
            EventId = reader.GetString(1),
            EndpointId = reader.GetString(2),
            EventType = reader.GetString(3),
            Status = (DeliveryStatus)reader.GetInt32(4),
            AttemptCount = reader.GetInt32(5),
            NextAttemptAt = DateOrNull(reader, 6),
            NextTrigger = (AttemptTrigger)reader.GetInt32(7),
            LeasedUntil = DateOrNull(reader, 8),
            LeasedBy = StringOrNull(reader, 9),
            IsTest = reader.GetBoolean(10),
            CreatedAt = Date(reader, 11),
            LastAttemptAt = DateOrNull(reader, 12),
            LastStatusCode = IntOrNull(reader, 13),
            LastDurationMs = IntOrNull(reader, 14),
            LastError = StringOrNull(reader, 15),
            ManualAttempts = reader.GetInt32(16),
            UnsettledClaims = reader.GetInt32(17),
        };
        if (!events.TryGetValue(delivery.EventId, out var evt))
            events[delivery.EventId] = evt = ReadEvent(reader, delivery.EventId);
        if (!endpoints.TryGetValue(delivery.EndpointId, out var endpoint))
            endpoints[delivery.EndpointId] = endpoint = unchanged(delivery.EndpointId)
                ?? (withEndpoints ? ReadEndpoint(reader, delivery.EndpointId) : throw new InvalidOperationException($"No copy of endpoint {delivery.EndpointId} was given for a load without endpoints."));
        delivery.Event = evt;
        delivery.Endpoint = endpoint;
        return delivery;
    }

    private static Event ReadEvent(DbDataReader r, string id)
    {
        var evt = DataUtf8(r, EventAt + 1) is { } utf8 ? new Event { DataUtf8 = utf8 } : new Event { Data = r.GetString(EventAt + 1) };
        evt.Id = id;
        evt.Type = r.GetString(EventAt);
        evt.Metadata = StringOrNull(r, EventAt + 2);
        evt.OccurredAt = Date(r, EventAt + 3);
        evt.IdempotencyKey = StringOrNull(r, EventAt + 4);
        return evt;
    }

    // SQLite hands text over as the UTF-8 it stores; bytes that are not valid UTF-8 (nothing the
    // console writes) take the string's way, which replaces them, so the body is the same either way.
    private static byte[]? DataUtf8(DbDataReader r, int i) =>
        r is SqliteDataReader && r.GetFieldValue<byte[]>(i) is var bytes && System.Text.Unicode.Utf8.IsValid(bytes) ? bytes : null;

    private static Endpoint ReadEndpoint(DbDataReader r, string id)
    {
        const int at = EndpointAt;
        return new Endpoint
        {
            Id = id,
            Name = r.GetString(at),
            Url = r.GetString(at + 1),
            Description = r.GetString(at + 2),
            IsEnabled = r.GetBoolean(at + 3),
            DisabledReason = StringOrNull(r, at + 4),
            DisabledAutomatically = r.GetBoolean(at + 5),
            Subscriptions = JsonSerializer.Deserialize<List<string>>(r.GetString(at + 6), WebhooksDbContext.JsonOptions) ?? [],
            SignatureScheme = (SignatureScheme)r.GetInt32(at + 7),
            SecretProtected = r.GetString(at + 8),
            SecretHint = r.GetString(at + 9),
            PreviousSecretProtected = StringOrNull(r, at + 10),
            PreviousSecretExpiresAt = DateOrNull(r, at + 11),
            AuthMode = (AuthMode)r.GetInt32(at + 12),
            AuthUsername = StringOrNull(r, at + 13),
            AuthSecretProtected = StringOrNull(r, at + 14),
            CustomHeaders = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(at + 15), WebhooksDbContext.JsonOptions) ?? [],
            TimeoutSeconds = r.GetInt32(at + 16),
            RetryEnabled = r.GetBoolean(at + 17),
            RateLimitPerSecond = IntOrNull(r, at + 18),
            ConsecutiveFailures = r.GetInt32(at + 19),
            LastSuccessAt = DateOrNull(r, at + 20),
            LastFailureAt = DateOrNull(r, at + 21),
            LastError = StringOrNull(r, at + 22),
            FromConfiguration = r.GetBoolean(at + 23),
            CreatedAt = Date(r, at + 24),
            UpdatedAt = Date(r, at + 25),
            Version = r.GetGuid(at + 26),
        };
    }

    private static string? StringOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static DateTime? DateOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Date(r, i);

    // As GetDateTime reads it, without the general parser (SqliteDateText). The date columns have
    // text affinity: SQLite stores even a number written to them as text, so text is all there is.
    private static DateTime Date(DbDataReader r, int i) => r is SqliteDataReader ? SqliteDateText.Parse(r.GetString(i)) : r.GetDateTime(i);
    private static int? IntOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.History;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Bench;

/// <summary>
/// The deliveries grid over a big history: seeds one delivery and one attempt per requested
/// attempt (spread over 30 days, the default retention, across the bench's endpoints and ten event
/// types, 90 % Succeeded, 6 % Failed, 4 % Skipped), then times <see cref="DeliveryHistory.PageAsync"/>
/// exactly as the grid calls it: count plus the first page of 25, newest first.
/// </summary>
public static class GridRun
{
    public sealed record Figures(double FirstPageMs, double FilteredPageMs, double SingleFilterMaxMs);

    private const int PageSize = 25;
    private const int ChunkRows = 20_000;
    private const int FlushRows = 1_000;
    private static readonly string[] Types = Enumerable.Range(0, 10).Select(i => $"grid.type{i}").ToArray();

    public static async Task<Figures> RunAsync(BenchHost host, BenchOptions options, TextWriter log)
    {
        List<string> endpoints;
        await using (var db = await host.DbAsync())
            endpoints = await db.Endpoints.OrderBy(e => e.Name).Select(e => e.Id).ToListAsync();
        var now = DateTime.UtcNow;
        var seeded = Stopwatch.GetTimestamp();
        await SeedAsync(host, options.GridAttempts, endpoints, now);
        log.WriteLine($"bench: seeded {options.GridAttempts} deliveries with one attempt each in {Stopwatch.GetElapsedTime(seeded).TotalSeconds:0.0} s");

        var history = host.Services.GetRequiredService<DeliveryHistory>();
        var lastWeek = now.AddDays(-7);
        var endpoint = endpoints[Math.Min(1, endpoints.Count - 1)];
        var first = await TimeAsync(history, new DeliveryFilter());
        var filtered = await TimeAsync(history, new DeliveryFilter { Status = DeliveryStatus.Failed, EventType = Types[3], EndpointId = endpoint, From = lastWeek });
        var singles = new[]
        {
            await TimeAsync(history, new DeliveryFilter { Status = DeliveryStatus.Failed }),
            await TimeAsync(history, new DeliveryFilter { EventType = Types[3] }),
            await TimeAsync(history, new DeliveryFilter { EndpointId = endpoint }),
            await TimeAsync(history, new DeliveryFilter { From = lastWeek }),
        };
        return new Figures(first, filtered, singles.Max());
    }

    /// <summary>Median of three timed calls after one untimed call (EF compiles the query shape once per process).</summary>
    private static async Task<double> TimeAsync(DeliveryHistory history, DeliveryFilter filter)
    {
        await history.PageAsync(filter, DeliverySort.CreatedAt, descending: true, skip: 0, take: PageSize);
        var samples = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await history.PageAsync(filter, DeliverySort.CreatedAt, descending: true, skip: 0, take: PageSize);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return LatencyRun.Percentile(samples, 50);
    }

    private const string InsertEvent = """INSERT INTO "Events" ("Id","Type","Data","Metadata","OccurredAt","IdempotencyKey") VALUES (@p0,@p1,'{"customer_no":"C001"}',NULL,@p2,NULL)""";

    private const string InsertDelivery = """
        INSERT INTO "Deliveries" ("Id","EventId","EndpointId","EventType","Status","AttemptCount","NextAttemptAt","NextTrigger","LeasedUntil","LeasedBy","IsTest","CreatedAt","LastAttemptAt","LastStatusCode","LastDurationMs","LastError")
        VALUES (@p0,@p1,@p2,@p3,@p4,1,NULL,0,NULL,NULL,0,@p5,@p5,@p6,12,@p7)
        """;

    private const string InsertAttempt = """
        INSERT INTO "DeliveryAttempts" ("DeliveryId","Number","Trigger","StartedAt","DurationMs","RequestUrl","RequestHeaders","RequestBody","ResponseStatus","ResponseHeaders","ResponseBody","ResponseBodyTruncated","Succeeded","ErrorKind","Error")
        VALUES (@p0,1,0,@p1,12,'http://127.0.0.1/ep/0','{}',NULL,@p2,'{}','',0,@p3,@p4,@p5)
        """;

    /// <summary>Plain INSERTs (<see cref="StatementBatch"/>) in chunks of <see cref="ChunkRows"/> per transaction: the fastest honest way to get there.</summary>
    private static async Task SeedAsync(BenchHost host, int count, List<string> endpoints, DateTime now)
    {
        await using var db = await host.DbAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var span = TimeSpan.FromDays(30).Ticks;
        string? eventId = null;
        for (var done = 0; done < count;)
        {
            await using var tx = await connection.BeginTransactionAsync();
            var rows = new StatementBatch(connection, tx);
            for (var end = Math.Min(count, done + ChunkRows); done < end; done++)
            {
                // Oldest first, as they would have been written; ids sort with their time.
                var at = now.AddTicks(-span + span / count * done);
                var type = Types[done / endpoints.Count % Types.Length];
                if (done % endpoints.Count == 0 || eventId is null)
                {
                    eventId = SortableId.New("evt", at);
                    rows.Add(InsertEvent, eventId, type, at);
                }
                var (status, code, error, kind) = (done % 50) switch
                {
                    < 3 => (DeliveryStatus.Failed, (object)500, (object)"HTTP 500 Internal Server Error", AttemptErrorKind.HttpStatus),
                    < 5 => (DeliveryStatus.Skipped, (object)DBNull.Value, (object)DBNull.Value, AttemptErrorKind.None),
                    _ => (DeliveryStatus.Succeeded, (object)200, (object)DBNull.Value, AttemptErrorKind.None),
                };
                var id = SortableId.New("dlv", at);
                rows.Add(InsertDelivery, id, eventId, endpoints[done % endpoints.Count], type, (int)status, at, code, error);
                rows.Add(InsertAttempt, id, at, code, status == DeliveryStatus.Succeeded, (int)kind, error);
                // A round trip per few thousand statements on PostgreSQL, not one holding the whole chunk.
                if (done % FlushRows == FlushRows - 1)
                    await rows.ExecuteAsync(CancellationToken.None);
            }
            await rows.ExecuteAsync(CancellationToken.None);
            await tx.CommitAsync();
        }
    }
}

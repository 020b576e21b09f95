using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>The store's statements, run on each database (<see cref="SqliteDeliveryStoreTests"/>, <see cref="PostgreSqlDeliveryStoreTests"/>).</summary>
public abstract class DeliveryStoreTests
{
    protected const string Owner = "this-host/1/aaaa";
    protected static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    /// <summary>The database the tests run on.</summary>
    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A host on <see cref="Provider"/>'s database, its dispatcher not started.</summary>
    protected Task<DeliveryTestHost> CreateHostAsync() => DeliveryTestHost.CreateAsync(start: false, provider: Provider);

    [Fact]
    public async Task SettleAsync_RecordsNothingAndDoesNotThrow_WhenTheDeliveryWasDeletedWithItsEndpoint()
    {
        await using var host = await CreateHostAsync();
        var (store, id, endpointId) = await ClaimOneAsync(host);
        await host.Endpoints.DeleteAsync(endpointId, "admin@example.com");

        var result = await store.SettleAsync(Owner, Attempt(id, 1), Succeeded, endpointId, CancellationToken.None);

        Assert.False(result.LeaseHeld);
        Assert.False(result.AttemptRecorded);
        await using var db = await host.DbAsync();
        Assert.Empty(await db.DeliveryAttempts.ToListAsync());
    }

    [Fact]
    public async Task SettleAsync_KeepsTheFirstRecord_WhenOneAttemptNumberIsSettledTwice()
    {
        await using var host = await CreateHostAsync();
        var (store, id, endpointId) = await ClaimOneAsync(host);
        var first = await store.SettleAsync(Owner, Attempt(id, 1), Succeeded, endpointId, CancellationToken.None);

        var second = await store.SettleAsync(Owner, Attempt(id, 1, status: 500), Succeeded, endpointId, CancellationToken.None);

        Assert.True(first.AttemptRecorded);
        Assert.False(second.AttemptRecorded);
        var delivery = await host.DeliveryAsync(id);
        Assert.Equal(200, Assert.Single(delivery.Attempts).ResponseStatus);
    }

    [Fact]
    public async Task SettleBatchAsync_GivesEachAttemptItsRecordsId_WhenSomeAreNotRecorded()
    {
        await using var host = await CreateHostAsync();
        var (store, id, endpointId) = await ClaimOneAsync(host);
        await store.SettleAsync(Owner, Attempt(id, 1), Succeeded, endpointId, CancellationToken.None);
        SettleRequest Request(int number) => new(Owner, Attempt(id, number), Succeeded, endpointId);
        var batch = new[] { Request(2), Request(1), Request(3) };

        var results = await store.SettleBatchAsync(batch, CancellationToken.None);

        Assert.Equal([true, false, true], results.Select(r => r.AttemptRecorded));
        await using var db = await host.DbAsync();
        var stored = await db.DeliveryAttempts.Where(a => a.DeliveryId == id).ToDictionaryAsync(a => a.Number, a => a.Id);
        Assert.Equal([stored[2], 0, stored[3]], batch.Select(r => r.Attempt.Id));
    }

    [Fact]
    public async Task ClaimAsync_CountsClaimsWithoutAResult_UntilASettleResetsThem()
    {
        await using var host = await CreateHostAsync();
        var (store, id, endpointId) = await ClaimOneAsync(host);
        var later = DateTime.UtcNow.AddMinutes(10); // the first lease has run out by then

        Assert.Equal(id, Assert.Single(await store.ClaimAsync(Owner, later, [id], CancellationToken.None)));
        Assert.Equal(2, (await host.DeliveryAsync(id)).UnsettledClaims);
        await store.SettleAsync(Owner, Attempt(id, 1, status: 500), new Settlement(DeliveryStatus.Pending, DateTime.UtcNow, EndpointEffect.Failure), endpointId, CancellationToken.None);

        Assert.Equal(0, (await host.DeliveryAsync(id)).UnsettledClaims);
    }

    [Fact]
    public async Task ClaimAsync_LeasesEachRowToOneOwner_WhenTwoOwnersClaimTheSameRowsAtOnce()
    {
        await using var host = await CreateHostAsync();
        var ids = await PublishAsync(host, endpoints: 10, events: 50);
        var store = host.Services.GetRequiredService<DeliveryStore>();

        // A few rounds, each leased and given back, for the two claims to overlap in as many ways as they will.
        for (var round = 0; round < 3; round++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var now = DateTime.UtcNow;
            Task<IReadOnlyList<string>> ClaimAs(string owner) => Task.Run(async () =>
            {
                await go.Task;
                return await store.ClaimAsync(owner, now, ids, CancellationToken.None);
            });
            var a = ClaimAs("console-a/1/aaaa");
            var b = ClaimAs("console-b/2/bbbb");
            go.SetResult();
            var byA = (await a).ToList();
            var byB = (await b).ToList();

            Assert.Empty(byA.Intersect(byB));
            Assert.Equal(ids.Order(), byA.Concat(byB).Order());
            await store.ReleaseAsync("console-a/1/aaaa", byA, null, CancellationToken.None);
            await store.ReleaseAsync("console-b/2/bbbb", byB, null, CancellationToken.None);
        }
    }

    /// <summary>Publishes <paramref name="events"/> events to <paramref name="endpoints"/> endpoints, at once; returns the deliveries' ids.</summary>
    protected static async Task<List<string>> PublishAsync(DeliveryTestHost host, int endpoints, int events)
    {
        for (var i = 0; i < endpoints; i++)
            await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));
        await Task.WhenAll(Enumerable.Range(0, events).Select(_ => host.Publisher.PublishAsync("customer.created", Data)));
        await using var db = await host.DbAsync();
        return await db.Deliveries.Select(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task NextDueAsync_ReturnsTheEarliestUnleasedTime_LeavingOutLeasedRowsAndExcludedEndpoints()
    {
        await using var host = await CreateHostAsync();
        await PublishAsync(host, endpoints: 2, events: 1);
        var store = host.Services.GetRequiredService<DeliveryStore>();
        var now = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        List<(string Id, string EndpointId)> rows;
        await using (var db = await host.DbAsync())
        {
            rows = (await db.Deliveries.OrderBy(d => d.EndpointId).Select(d => new { d.Id, d.EndpointId }).ToListAsync()).Select(d => (d.Id, d.EndpointId)).ToList();
            await db.Deliveries.Where(d => d.Id == rows[0].Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now.AddMinutes(1)));
            await db.Deliveries.Where(d => d.Id == rows[1].Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now.AddMinutes(2)));
        }
        var (first, second) = (rows[0], rows[1]);

        Assert.Equal(now.AddMinutes(1), await store.NextDueAsync(now, [], CancellationToken.None));
        Assert.Equal(now.AddMinutes(2), await store.NextDueAsync(now, [first.EndpointId], CancellationToken.None));
        await store.ClaimAsync(Owner, now, [first.Id], CancellationToken.None);
        Assert.Equal(now.AddMinutes(2), await store.NextDueAsync(now, [], CancellationToken.None));
        Assert.Null(await store.NextDueAsync(now, [second.EndpointId], CancellationToken.None));
    }

    [Fact]
    public async Task ClaimAsync_ReturnsOnlyTheRowsItLeased_WhenAnotherOwnerHoldsSomeOfThem()
    {
        await using var host = await CreateHostAsync();
        var ids = await PublishAsync(host, endpoints: 1, events: 3);
        var store = host.Services.GetRequiredService<DeliveryStore>();
        var now = DateTime.UtcNow;
        Assert.Equal(ids[1], Assert.Single(await store.ClaimAsync("console-b/2/bbbb", now, [ids[1]], CancellationToken.None)));

        var claimed = await store.ClaimAsync(Owner, now, ids, CancellationToken.None);

        Assert.Equal(new[] { ids[0], ids[2] }.Order(), claimed.Order());
        Assert.Equal("console-b/2/bbbb", (await host.DeliveryAsync(ids[1])).LeasedBy);
        Assert.Equal(Owner, (await host.DeliveryAsync(ids[2])).LeasedBy);
    }

    [Fact]
    public async Task LoadAsync_ReadsEachDeliveryWithItsOwnEventAndEndpoint_WhenThreeHundredAreAskedAtOnce()
    {
        await using var host = await CreateHostAsync();
        for (var i = 0; i < 3; i++)
            await host.AddEndpointAsync(new Uri($"http://127.0.0.1:9/{i}"));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => host.Publisher.PublishAsync("customer.created", JsonSerializer.SerializeToElement(new { n = i }))));
        Dictionary<string, (string Url, string Data)> expected;
        await using (var db = await host.DbAsync())
            expected = (await db.Deliveries.Select(d => new { d.Id, d.Endpoint!.Url, d.Event!.Data }).ToListAsync())
                .ToDictionary(d => d.Id, d => (d.Url, d.Data));
        var store = host.Services.GetRequiredService<DeliveryStore>();

        var load = await store.LoadAsync(expected.Keys.ToList(), CancellationToken.None);

        Assert.Equal(300, load.Deliveries.Count);
        Assert.Equal(expected.Keys.Order(), load.Deliveries.Select(d => d.Id).Order());
        Assert.All(load.Deliveries, d => Assert.Equal(expected[d.Id], (d.Endpoint!.Url, d.Event!.Data)));
    }

    [Fact]
    public async Task LoadAsync_UsesTheGivenEndpointCopies_WhenEveryEndpointIsKnown()
    {
        await using var host = await CreateHostAsync();
        var ids = await PublishAsync(host, endpoints: 2, events: 3);
        var store = host.Services.GetRequiredService<DeliveryStore>();
        var copies = (await store.LoadAsync(ids, CancellationToken.None)).Deliveries
            .Select(d => d.Endpoint!).DistinctBy(e => e.Id).ToDictionary(e => e.Id);

        var load = await store.LoadAsync(ids, CancellationToken.None, copies.GetValueOrDefault, endpointsKnown: true);

        Assert.Equal(6, load.Deliveries.Count);
        Assert.All(load.Deliveries, d => Assert.Same(copies[d.EndpointId], d.Endpoint));
        Assert.All(load.Deliveries, d => Assert.Equal("customer.created", d.Event!.Type));
        // Only the throw below tells the statement left the endpoints out: with them, the copies are
        // used as well. A copy missing from what was said to be every endpoint is the caller's bug.
        var one = copies.Keys.First();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.LoadAsync(ids, CancellationToken.None, id => id == one ? copies[id] : null, endpointsKnown: true));
    }

    protected static readonly Settlement Succeeded = new(DeliveryStatus.Succeeded, null, EndpointEffect.Success);

    private static async Task<(DeliveryStore Store, string DeliveryId, string EndpointId)> ClaimOneAsync(DeliveryTestHost host)
    {
        var (endpoint, _) = await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        var store = host.Services.GetRequiredService<DeliveryStore>();
        Assert.Equal(id, Assert.Single(await store.ClaimAsync(Owner, DateTime.UtcNow, [id], CancellationToken.None)));
        Assert.Equal(1, (await host.DeliveryAsync(id)).UnsettledClaims);
        return (store, id, endpoint.Id);
    }

    protected static DeliveryAttempt Attempt(string deliveryId, int number, int status = 200) => new()
    {
        DeliveryId = deliveryId,
        Number = number,
        Trigger = AttemptTrigger.Scheduled,
        StartedAt = DateTime.UtcNow,
        DurationMs = 3,
        RequestUrl = "http://127.0.0.1:9/",
        ResponseStatus = status,
        Succeeded = status == 200,
        ErrorKind = status == 200 ? AttemptErrorKind.None : AttemptErrorKind.HttpStatus,
    };
}

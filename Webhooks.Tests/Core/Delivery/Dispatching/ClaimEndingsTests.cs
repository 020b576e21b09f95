using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>Claims ended without an attempt, against the real SQLite database (the dispatcher not started).</summary>
public sealed class ClaimEndingsTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task TryEndUnfinishedAsync_LeavesTheDeliveryClaimed_WhenItHasTriesLeft()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var claimed = await ClaimOneAsync(host);
        Assert.Equal(1, claimed.UnsettledClaims);

        Assert.False(await Endings(host).TryEndUnfinishedAsync(claimed, CancellationToken.None));

        var delivery = await host.DeliveryAsync(claimed.Id);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.NotNull(delivery.LeasedBy);
    }

    [Fact]
    public async Task TryEndUnfinishedAsync_FailsTheDelivery_WhenClaimedMoreTimesThanItHasTries()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var tries = host.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value.MaxTries;
        var claimed = await ClaimOneAsync(host);
        claimed.UnsettledClaims = tries + 1;

        Assert.True(await Endings(host).TryEndUnfinishedAsync(claimed, CancellationToken.None));

        var delivery = await host.DeliveryAsync(claimed.Id);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.LeasedBy);
        Assert.StartsWith($"Given up after {tries} tries that ended without a recorded result.", delivery.LastError);
    }

    [Fact]
    public async Task HandBackAsync_ReleasesTheLeaseAndAnnouncesWork_WhenTheDispatcherWillNotSend()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var claimed = await ClaimOneAsync(host);
        var signal = host.Services.GetRequiredService<DispatcherSignal>();
        var work = signal.Work;

        await Endings(host).HandBackAsync([claimed.Id]);

        var delivery = await host.DeliveryAsync(claimed.Id);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Null(delivery.LeasedBy);
        Assert.Equal(work + 1, signal.Work);
    }

    private static ClaimEndings Endings(DeliveryTestHost host) => host.Services.GetRequiredService<ClaimEndings>();

    /// <summary>Publishes one event to one endpoint, and claims and loads its delivery as the dispatcher would.</summary>
    private static async Task<Webhooks.Core.Delivery.Delivery> ClaimOneAsync(DeliveryTestHost host)
    {
        await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/hook"));
        await host.Publisher.PublishAsync("customer.created", Data);
        string id;
        await using (var db = await host.DbAsync())
            id = await db.Deliveries.Select(d => d.Id).SingleAsync();
        var store = host.Services.GetRequiredService<DeliveryStore>();
        var owner = host.Services.GetRequiredService<DispatcherInstance>().Id;
        var claimed = await store.ClaimAsync(owner, DateTime.UtcNow, [id], CancellationToken.None);
        return Assert.Single((await store.LoadAsync(claimed, CancellationToken.None)).Deliveries);
    }
}

using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class DeliveryPermitsTests
{
    [Fact]
    public void TryAcquire_RefusesPastEitherLimit_WhenGlobalOrEndpointSlotsAreTaken()
    {
        var permits = new DeliveryPermits(slots: 3, perEndpoint: 2, released: () => { });

        var a1 = permits.TryAcquire("a");
        var a2 = permits.TryAcquire("a");
        var b1 = permits.TryAcquire("b");

        Assert.NotNull(a1);
        Assert.NotNull(a2);
        Assert.NotNull(b1);
        Assert.Null(permits.TryAcquire("a"));   // the endpoint's limit
        Assert.Null(permits.TryAcquire("c"));   // the global limit
        Assert.Equal(0, permits.FreeSlots);
    }

    [Fact]
    public void Dispose_GivesBackTheRequestAndThePlaceOnce_WhenCalledAgainOrAfterReleaseEndpoint()
    {
        var wakes = 0;
        var permits = new DeliveryPermits(slots: 2, perEndpoint: 1, released: () => wakes++);
        var permit = permits.TryAcquire("a")!;

        permit.ReleaseEndpoint();
        Assert.Equal(0, permits.InFlight("a"));
        Assert.Equal(1, permits.FreeSlots); // no room beyond the slots: the place is kept until the attempt is recorded
        Assert.Equal(1, permits.Unfinished);
        permit.ReleaseEndpoint();
        permit.Dispose();
        permit.Dispose();

        Assert.Equal(2, permits.FreeSlots);
        Assert.Equal(0, permits.Unfinished);
        Assert.Equal(0, permits.InFlight("a"));
        Assert.Equal(2, wakes); // one wake-up per release, none for the repeats
        Assert.NotNull(permits.TryAcquire("a"));
    }

    [Fact]
    public void Dispose_CallsRecordedNotReleased_WhenThePlaceFreesNoSlot()
    {
        var (released, recorded) = (0, 0);
        var permits = new DeliveryPermits(slots: 2, perEndpoint: 1, released: () => released++, unrecorded: 2, recorded: () => recorded++);
        var permit = permits.TryAcquire("a")!;
        permit.ReleaseEndpoint(); // the answer is in: 2 slots free, 3 places of 4
        Assert.Equal(1, released);

        permit.Dispose(); // recorded: a fourth place, and still 2 slots

        Assert.Equal(1, released);
        Assert.Equal(1, recorded);
        Assert.Equal(2, permits.FreeSlots);
    }

    [Fact]
    public void Dispose_CallsReleased_WhenPlacesWereWhatHeldSendsBack()
    {
        var (released, recorded) = (0, 0);
        var permits = new DeliveryPermits(slots: 2, perEndpoint: 2, released: () => released++, recorded: () => recorded++);
        var first = permits.TryAcquire("a")!;
        var second = permits.TryAcquire("a")!;
        first.ReleaseEndpoint();
        second.ReleaseEndpoint(); // both answered, neither recorded: no place, so no send may start
        Assert.Equal(0, permits.FreeSlots);
        released = 0;

        first.Dispose();

        Assert.Equal(1, permits.FreeSlots);
        Assert.Equal(1, released);
        Assert.Equal(0, recorded);
        second.Dispose();
    }

    [Fact]
    public void TryAcquire_StartsAnotherRequest_WhenAnsweredSendsWaitForTheirRecord()
    {
        var permits = new DeliveryPermits(slots: 1, perEndpoint: 1, released: () => { }, unrecorded: 1);
        using var first = permits.TryAcquire("a")!;
        Assert.Null(permits.TryAcquire("a")); // one request in flight at most

        first.ReleaseEndpoint(); // answered, its attempt not recorded yet
        using var second = permits.TryAcquire("a");

        Assert.NotNull(second);
        Assert.Equal(2, permits.Unfinished);
        second.ReleaseEndpoint();
        Assert.Null(permits.TryAcquire("b")); // both places taken until a record is committed
        Assert.Equal(0, permits.FreeSlots);
        first.Dispose();
        Assert.Equal(1, permits.FreeSlots);
    }

    [Fact]
    public void Snapshot_ShowsRequestsInFlightPerEndpoint_WhenPermitsAreHeld()
    {
        var permits = new DeliveryPermits(slots: 4, perEndpoint: 2, released: () => { });
        using var a1 = permits.TryAcquire("a");
        using var a2 = permits.TryAcquire("a");
        using var b1 = permits.TryAcquire("b");

        var snapshot = permits.Snapshot();

        Assert.Equal(1, snapshot.FreeSlots);
        Assert.True(snapshot.IsSaturated("a"));
        Assert.Equal(1, snapshot.Room("b"));
        Assert.Equal(2, snapshot.Room("c"));
    }

    [Fact]
    public void TryPassEndpoint_KeepsTheRequestCountedAndTakesAPlace_WhenAPlaceIsFree()
    {
        var permits = new DeliveryPermits(slots: 2, perEndpoint: 1, released: () => { });
        var first = permits.TryAcquire("a")!;

        var next = first.TryPassEndpoint();

        Assert.NotNull(next);
        Assert.False(first.HoldsEndpoint);
        Assert.Equal(1, permits.InFlight("a"));
        Assert.Equal(0, permits.FreeSlots);
        Assert.Equal(2, permits.Unfinished);
        Assert.Null(permits.TryAcquire("a"));
        first.Dispose();
        next.Dispose();
        Assert.Equal(2, permits.FreeSlots);
        Assert.Equal(0, permits.InFlight("a"));
    }

    [Fact]
    public void TryPassEndpoint_ReturnsNullAndKeepsTheRequest_WhenNoPlaceIsFree()
    {
        var permits = new DeliveryPermits(slots: 1, perEndpoint: 1, released: () => { });
        using var only = permits.TryAcquire("a")!;

        Assert.Null(only.TryPassEndpoint());
        Assert.True(only.HoldsEndpoint);
        Assert.Equal(1, permits.InFlight("a"));
    }
}

using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public class ConsoleShareTests
{
    private static readonly DateTime T0 = new(2025, 10, 17, 10, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, 8, 8)]
    [InlineData(2, 8, 4)]
    [InlineData(3, 8, 2)]
    [InlineData(2, 1, 1)]
    public void InFlight_GivesEachConsoleItsPartRoundedDownAtLeastOne_WhenConsolesShareTheLimit(int consoles, int limit, int part)
    {
        var share = new ConsoleShare();
        share.Update(consoles);

        Assert.Equal(part, share.InFlight(limit));
    }

    [Fact]
    public void Update_CountsThisConsole_WhenTheCountReadsZero()
    {
        var share = new ConsoleShare();
        share.Update(0);

        Assert.Equal(1, share.Consoles);
    }

    [Fact]
    public void Reserve_SpacesAttemptsByConsolesOverRate_WhenTwoConsolesShareTheRate()
    {
        var share = new ConsoleShare();
        share.Update(2);
        var gate = new EndpointRateGate(share);

        var slots = Enumerable.Range(0, 3).Select(i => gate.Reserve("ep_1", "dlv_" + i, 2, T0)).ToList();

        Assert.Equal([null, T0.AddSeconds(1), T0.AddSeconds(2)], slots);
    }

    [Fact]
    public void TryAcquire_RefusesAboveThisConsolesPart_WhenAnotherConsoleJoins()
    {
        var share = new ConsoleShare();
        var permits = new DeliveryPermits(slots: 10, perEndpoint: 4, released: () => { }, share);
        var held = Enumerable.Range(0, 3).Select(_ => permits.TryAcquire("ep_1")).ToList();

        share.Update(2);

        Assert.All(held, Assert.NotNull);
        Assert.Null(permits.TryAcquire("ep_1"));
        Assert.Null(held[0]!.TryPassEndpoint());
        held[0]!.Dispose();
        held[1]!.Dispose();
        Assert.NotNull(permits.TryAcquire("ep_1"));
    }
}

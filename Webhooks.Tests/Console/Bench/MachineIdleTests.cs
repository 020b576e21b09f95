using Webhooks.Console.Bench;

namespace Webhooks.Tests.Console.Bench;

public sealed class MachineIdleTests
{
    [Fact]
    public void Since_ReadsTheIdleShare_WhenTimePassed()
    {
        var from = new MachineIdle(IdleTicks: 1_000, TotalTicks: 4_000);

        var text = new MachineIdle(IdleTicks: 1_050, TotalTicks: 4_200).Since(from);

        Assert.StartsWith("machine idle 25.0 % of ", text);
    }

    [Fact]
    public void Since_SaysNotAvailable_WhenNoTimePassed()
    {
        var from = new MachineIdle(IdleTicks: 1_000, TotalTicks: 4_000);

        Assert.Equal("machine idle n/a", from.Since(from));
    }

    [Fact]
    public void Now_ReadsIdleWithinTheTotal_OnThisMachine()
    {
        // The suite runs on Linux (README), where /proc/stat is.
        var now = MachineIdle.Now();

        Assert.NotNull(now);
        Assert.InRange(now.Value.IdleTicks, 0, now.Value.TotalTicks);
        Assert.True(now.Value.TotalTicks > 0);
    }
}

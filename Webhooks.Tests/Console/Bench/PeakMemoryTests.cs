using System.Runtime.InteropServices;
using Webhooks.Console.Bench;

namespace Webhooks.Tests.Console.Bench;

public sealed class PeakMemoryTests
{
    [Fact]
    public void Reset_CountsThePeakAgainFromNow_WhenMoreWasResidentBefore()
    {
        const int size = 256 * 1024 * 1024;
        var block = Marshal.AllocHGlobal(size);
        try
        {
            // A byte per page, so every page of the block is resident once.
            for (var offset = 0; offset < size; offset += 4096)
                Marshal.WriteByte(block, offset, 1);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        var before = PeakMemory.Megabytes();

        Assert.True(PeakMemory.Reset());

        var after = PeakMemory.Megabytes();
        Assert.True(after < before - 128, $"peak {after} MB after the reset, {before} MB before");
    }
}

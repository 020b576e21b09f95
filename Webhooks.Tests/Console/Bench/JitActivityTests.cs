using Webhooks.Console.Bench;

namespace Webhooks.Tests.Console.Bench;

public sealed class JitActivityTests
{
    [Fact]
    public async Task WaitQuietAsync_ReturnsFalse_WhenTheWorkRunsOutWithinAWindow()
    {
        var runOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = JitActivity.WaitQuietAsync(runOut.Task);

        runOut.SetResult();

        // Checked only between windows, the wait would run its whole window and could then find the JIT quiet.
        Assert.False(await wait);
    }

    [Fact]
    public async Task WaitQuietAsync_ReturnsFalse_WhenTheWorkHasRunOutAlready()
    {
        Assert.False(await JitActivity.WaitQuietAsync(Task.CompletedTask));
    }
}

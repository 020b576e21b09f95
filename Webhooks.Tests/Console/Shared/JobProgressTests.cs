using Bunit;
using Webhooks.Console.Shared;
using Webhooks.Core.Jobs;

namespace Webhooks.Tests.Console.Shared;

/// <summary>A batch job's progress line (Retry selected, Recover), state by state.</summary>
public sealed class JobProgressTests : AsyncConsolePageTestContext
{
    private static ConsoleJob Job(ConsoleJobState state, int done, int total, string? error = null) =>
        new("7", ConsoleJobKind.Recover, "Recover failed deliveries of Orders", state, DateTime.UtcNow,
            state is ConsoleJobState.Queued or ConsoleJobState.Running ? null : DateTime.UtcNow, done, total, error, null, "ep_1");

    [Fact]
    public void Progress_ShowsDoneOfTotalWithABar_WhileTheJobRuns()
    {
        var cut = Render<JobProgress>(p => p.Add(x => x.Job, Job(ConsoleJobState.Running, 40, 120)));

        Assert.Equal("Recover running: 40 of 120 deliveries re-queued", cut.Find(".job-progress-text").TextContent.Trim());
        Assert.Equal("33", cut.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Theory]
    [InlineData(ConsoleJobState.Succeeded, null, "Recover done: Succeeded, 120 of 120 deliveries re-queued")]
    [InlineData(ConsoleJobState.Failed, "receiver store unreadable", "Recover done: Failed, 120 of 120 deliveries re-queued: receiver store unreadable")]
    [InlineData(ConsoleJobState.Cancelled, null, "Recover cancelled after 120 of 120 deliveries re-queued")]
    public void Progress_ShowsTheResultWithoutABar_WhenTheJobEnded(ConsoleJobState state, string? error, string expected)
    {
        var cut = Render<JobProgress>(p => p.Add(x => x.Job, Job(state, 120, 120, error)));

        Assert.Equal(expected, cut.Find(".job-progress-text").TextContent.Trim());
        Assert.Empty(cut.FindAll("[role=progressbar]"));
    }

    [Fact]
    public void Cancel_IsOffered_OnlyWhileActiveAndWhenCancellable()
    {
        var running = Render<JobProgress>(p => p.Add(x => x.Job, Job(ConsoleJobState.Running, 1, 3)).Add(x => x.Cancellable, true));
        var notCancellable = Render<JobProgress>(p => p.Add(x => x.Job, Job(ConsoleJobState.Running, 1, 3)));
        var ended = Render<JobProgress>(p => p.Add(x => x.Job, Job(ConsoleJobState.Succeeded, 3, 3)).Add(x => x.Cancellable, true));

        Assert.Contains(running.FindAll("button"), b => b.TextContent.Trim() == "Cancel");
        Assert.Empty(notCancellable.FindAll("button"));
        Assert.Empty(ended.FindAll("button"));
    }
}

using Bunit;
using Webhooks.Console.Deliveries;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;

namespace Webhooks.Tests.Console.Deliveries;

/// <summary>What the delivery page says about its latest retry job, state by state.</summary>
public sealed class DeliveryJobStatusTests : AsyncConsolePageTestContext
{
    private static ConsoleJob Job(ConsoleJobState state, ConsoleJobKind kind = ConsoleJobKind.RetryNow, int done = 0, int total = 1, string? error = null) =>
        new("42", kind, "Retry delivery dlv_1 to Orders", state, DateTime.UtcNow,
            state is ConsoleJobState.Succeeded or ConsoleJobState.Failed or ConsoleJobState.Cancelled ? new DateTime(2026, 12, 2, 4, 5, 6, DateTimeKind.Utc) : null,
            done, total, error, "dlv_1", "ep_1");

    [Theory]
    [InlineData(ConsoleJobState.Queued, "Retry now queued")]
    [InlineData(ConsoleJobState.Running, "Retry now running")]
    [InlineData(ConsoleJobState.Succeeded, "Retry now done: Succeeded")]
    [InlineData(ConsoleJobState.Cancelled, "Retry now cancelled")]
    public void Status_SaysWhereTheRetryNowJobIs_ForEachState(ConsoleJobState state, string expected)
    {
        var cut = Render<DeliveryJobStatus>(p => p.Add(x => x.Job, Job(state)));

        Assert.Equal(expected, cut.Find(".delivery-job-text").TextContent.Trim());
    }

    [Fact]
    public void Status_SaysFailedWithTheJobsError_WhenTheJobFailed()
    {
        var cut = Render<DeliveryJobStatus>(p => p.Add(x => x.Job, Job(ConsoleJobState.Failed, error: "database is locked")));

        Assert.Equal("Retry now done: Failed: database is locked", cut.Find(".delivery-job-text").TextContent.Trim());
        Assert.Contains("2026-12-02 04:05:06 UTC", cut.Find(".delivery-job").TextContent);
    }

    [Fact]
    public void Status_CountsTheBatch_WhenTheDeliveryWasPartOfRetrySelected()
    {
        var cut = Render<DeliveryJobStatus>(p => p.Add(x => x.Job, Job(ConsoleJobState.Running, ConsoleJobKind.RetrySelected, done: 2, total: 5)));

        Assert.Equal("Retry selected running: 2 of 5 deliveries sent", cut.Find(".delivery-job-text").TextContent.Trim());
    }

    [Fact]
    public void Status_SaysTheAttemptFailedAndTheScheduleStays_WhenTheJobRanButTheReceiverRefused()
    {
        var attempt = new DeliveryAttempt { Trigger = AttemptTrigger.Manual, ResponseStatus = 503, Succeeded = false };
        var next = new DateTime(2026, 12, 2, 5, 0, 0, DateTimeKind.Utc);

        var cut = Render<DeliveryJobStatus>(p => p.Add(x => x.Job, Job(ConsoleJobState.Succeeded)).Add(x => x.Attempt, attempt).Add(x => x.ScheduledRetry, next));

        Assert.Equal("Retry now done: Failed (503); the scheduled retry stays at 2026-12-02 05:00:00 UTC", cut.Find(".delivery-job-text").TextContent.Trim());
        Assert.Equal("failed", cut.Find(".delivery-job").GetAttribute("data-state"));
    }

    [Fact]
    public void Link_OpensTheJobInTheDashboard_OnlyWhenShowLinkIsSet()
    {
        var withLink = Render<DeliveryJobStatus>(p => p.Add(x => x.Job, Job(ConsoleJobState.Succeeded)).Add(x => x.ShowLink, true));
        var without = Render<DeliveryJobStatus>(p => p.Add(x => x.Job, Job(ConsoleJobState.Succeeded)));

        var link = withLink.Find("a.job-link");
        Assert.Equal("/hangfire/jobs/details/42", link.GetAttribute("href"));
        Assert.Equal("_top", link.GetAttribute("target"));
        Assert.Empty(without.FindAll("a"));
    }
}

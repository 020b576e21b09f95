using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

public class StrandedJobsTests
{
    [Fact]
    public async Task Requeue_RunsAJobADeadConsoleWasRunningAtOnce_WhenTheConsoleStarts()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        await host.AddEndpointAsync(receiver.Url);
        var id = await RetryNowJobTests.PublishAsync(host);
        await using (var db = await host.DbAsync())
            await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.NextAttemptAt, (DateTime?)null));
        var job = await host.Jobs.RetryNowAsync(id);
        // What a console killed while running the job leaves: the job fetched from its queue (hidden
        // from other workers for the invisibility timeout, 30 minutes) and Processing under its server.
        var storage = host.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            var fetched = connection.FetchNextJob(["default"], CancellationToken.None);
            Assert.Equal(job!.Id, fetched.JobId); // not disposed: disposing would hand it back, as a living worker does
        }
        Assert.True(host.Services.GetRequiredService<IBackgroundJobClient>().ChangeState(job.Id, new DeadServerProcessing(), EnqueuedState.StateName));
        Assert.Equal(ConsoleJobState.Running, (await host.Jobs.GetAsync(job.Id))!.State);

        await host.StartAsync();

        await host.WaitForJobAsync(job.Id, j => j.State == ConsoleJobState.Succeeded, "the job run again");
        var delivery = await host.DeliveryAsync(id);
        Assert.Equal((DeliveryStatus.Succeeded, 1), (delivery.Status, delivery.AttemptCount));
        await host.WaitForLogAsync(l => l.Contains("Enqueued again 1 jobs a console was running when it stopped: " + job.Id), "the requeue logged");
        // Visibly re-run: the dashboard's history of the job says why it was enqueued again.
        Assert.Contains(storage.GetMonitoringApi().JobDetails(job.Id).History,
            h => h.StateName == EnqueuedState.StateName && h.Reason == StrandedJobs.RequeueReason);
    }

    /// <summary>Processing as Hangfire records it for a worker of a server that no longer exists.</summary>
    private sealed class DeadServerProcessing : IState
    {
        public string Name => ProcessingState.StateName;
        public string Reason => "Taken by a console that was then killed";
        public bool IsFinal => false;
        public bool IgnoreJobLoadException => false;

        public Dictionary<string, string> SerializeData() => new()
        {
            ["StartedAt"] = JobHelper.SerializeDateTime(DateTime.UtcNow),
            ["ServerId"] = "dead-host:1:aaaa",
            ["WorkerId"] = "worker-1",
        };
    }
}

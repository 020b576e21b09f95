using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Deliveries;
using Webhooks.Console.Endpoints;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Deliveries;

/// <summary>
/// Retry now, Retry selected and Recover with the job server running: the pages follow each job
/// live (no reload) from queued through running to its result. A receiver holds the manual
/// attempts until the page has shown the job running, so every state is seen, whatever the timing.
/// </summary>
public sealed class DeliveryJobsLiveTests : JobsPageTestContext
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Publishes <paramref name="count"/> customer.created to a receiver that refuses them; returns their ids once Failed.</summary>
    private async Task<(string EndpointId, List<string> DeliveryIds)> FailedDeliveriesAsync(LoopbackReceiver receiver, int count)
    {
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var endpoint = await ReceiverEndpointAsync(receiver);
        for (var i = 0; i < count; i++)
            await Services.GetRequiredService<IWebhookPublisher>().PublishAsync("customer.created", new { id = $"c-{i}" });
        var ids = await Eventually.WaitAsync(async () =>
        {
            await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
            return await db.Deliveries.Where(d => d.EndpointId == endpoint.Id && d.Status == DeliveryStatus.Failed).Select(d => d.Id).ToListAsync();
        }, ids => ids.Count == count, $"{count} failed deliveries");
        return (endpoint.Id, ids);
    }

    /// <summary>The first <paramref name="failing"/> requests answer 503; later ones wait for the test's release, then 200.</summary>
    private Task<LoopbackReceiver> ReceiverAsync(int failing) =>
        LoopbackReceiver.StartAsync(r => r.Index < failing ? new ReceiverResponse(503) : new ReceiverResponse(200) { Hold = _release.Task });

    [Fact]
    public async Task DetailPage_FollowsRetryNowFromRunningToSucceeded_WithoutReload()
    {
        await using var receiver = await ReceiverAsync(failing: 1);
        var (_, ids) = await FailedDeliveriesAsync(receiver, 1);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, ids[0]));
        cut.WaitForAssertion(() => Assert.Contains("Failed", cut.Find(".delivery-summary").TextContent));

        PressLive(cut, "Retry now");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Retry now running", cut.Find(".delivery-job-text").TextContent.Trim());
            Assert.True(Button(cut, "Retry now").HasAttribute("disabled"));
        });
        _release.SetResult();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Retry now done: Succeeded", cut.Find(".delivery-job-text").TextContent.Trim());
            Assert.Contains("Succeeded", cut.Find(".delivery-summary").TextContent);
            Assert.Equal(2, cut.FindAll(".attempt-card").Count);
        });
    }

    [Fact]
    public async Task Grid_ShowsRetrySelectedProgressThenItsResult_WithoutReload()
    {
        await using var receiver = await ReceiverAsync(failing: 2);
        var (endpointId, _) = await FailedDeliveriesAsync(receiver, 2);
        var cut = Render<DeliveriesGrid>(p => p.Add(g => g.EndpointId, endpointId).Add(g => g.Selectable, true));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".deliveries-grid tbody tr").Count));
        Dispatch(cut, () => cut.Find(".deliveries-grid thead input[type=checkbox]").ChangeAsync(new() { Value = true }));

        PressLive(cut, "Retry selected (2)");
        PressLive(Dialogs, "Retry 2");

        // The batch sends one endpoint's deliveries one after another: the first is held, none done yet.
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Retry selected running: 0 of 2 deliveries sent", cut.Find(".job-progress-text").TextContent.Trim());
            Assert.Single(cut.FindAll(".job-progress [role=progressbar]"));
        });
        _release.SetResult();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Retry selected done: Succeeded, 2 of 2 deliveries sent", cut.Find(".job-progress-text").TextContent.Trim());
            Assert.Empty(cut.FindAll(".job-progress [role=progressbar]"));
        });
    }

    [Fact]
    public async Task Tab_ShowsTheRecoverJobsResult_WithoutReload()
    {
        await using var receiver = await ReceiverAsync(failing: 2);
        var (endpointId, _) = await FailedDeliveriesAsync(receiver, 2);
        _release.SetResult();
        var endpoint = await Endpoints.GetAsync(endpointId);
        var cut = Render<EndpointDeliveriesTab>(p => p.Add(x => x.Endpoint, endpoint).Add(x => x.IsAdmin, true));

        PressLive(cut, "Recover failed since…");
        PressLive(Dialogs, "Recover 2");

        Dialogs.WaitForAssertion(() => Assert.Equal("Recover done: Succeeded, 2 of 2 deliveries re-queued", Dialogs.Find(".job-progress-text").TextContent.Trim()));
        PressLive(Dialogs, "Close");
        cut.WaitForAssertion(() => Assert.Equal("Recover done: Succeeded, 2 of 2 deliveries re-queued", cut.Find(".endpoint-recover .job-progress-text").TextContent.Trim()));
        await receiver.WaitForRequestsAsync(4);
    }
}

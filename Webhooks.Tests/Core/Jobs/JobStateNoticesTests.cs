using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>Live pages re-read on DeliveryNotifier: a reader woken after a job ends must read how it ended.</summary>
public class JobStateNoticesTests
{
    [Fact]
    public async Task OnStateApplied_WakesAReaderThatReadsSucceeded_WhenARetryNowJobSucceeds()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        await host.AddEndpointAsync(receiver.Url);
        var id = await RetryNowJobTests.PublishAsync(host);
        await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "first success");
        using var reader = new WokenReader(host, id);

        var job = await host.Jobs.RetryNowAsync(id);

        await reader.WaitForAsync(job!.Id, ConsoleJobState.Succeeded);
    }

    [Fact]
    public async Task OnStateApplied_WakesAReaderThatReadsFailed_WhenARetryNowJobThrows()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url);
        var id = await RetryNowJobTests.PublishAsync(host);
        await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "first success");
        await using (var db = await host.DbAsync())
            await db.Endpoints.Where(e => e.Id == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.IsEnabled, false));
        using var reader = new WokenReader(host, id);

        // The job writes nothing when it throws: only the notice of Hangfire's Failed state wakes the reader.
        var job = await host.Jobs.RetryNowAsync(id);

        await reader.WaitForAsync(job!.Id, ConsoleJobState.Failed);
    }

    /// <summary>What the delivery page does: on each notice, read the delivery's latest job again; remembers every state it read.</summary>
    private sealed class WokenReader : IDisposable
    {
        private readonly DeliveryTestHost _host;
        private readonly string _deliveryId;
        private readonly IDisposable _subscription;
        private readonly List<(string? JobId, ConsoleJobState State)> _reads = [];

        public WokenReader(DeliveryTestHost host, string deliveryId)
        {
            _host = host;
            _deliveryId = deliveryId;
            _subscription = host.Services.GetRequiredService<DeliveryNotifier>().Subscribe(OnNotice);
        }

        public async Task WaitForAsync(string jobId, ConsoleJobState state)
        {
            await Eventually.WaitAsync(() => Task.FromResult(Reads()), reads => reads.Contains((jobId, state)), $"a woken read of {state}",
                describe: reads => string.Join(", ", reads));
        }

        private List<(string?, ConsoleJobState)> Reads()
        {
            lock (_reads)
                return [.. _reads];
        }

        private void OnNotice()
        {
            var job = _host.Jobs.LatestForDeliveryAsync(_deliveryId).GetAwaiter().GetResult();
            if (job is not null)
                lock (_reads)
                    _reads.Add((job.Id, job.State));
        }

        public void Dispose() => _subscription.Dispose();
    }
}

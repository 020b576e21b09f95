using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Endpoints;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>
/// An admin changes an endpoint while a slow receiver holds its requests and more deliveries wait,
/// some leased ahead in the dispatcher's memory and some in the queue. Once the change is saved,
/// nothing more goes out the old way: only the requests already on the wire may finish.
/// </summary>
public sealed class DeliveryDispatcherEndpointChangeTests
{
    private const int PerEndpoint = 2;
    private const int Events = 6;
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task RunAsync_SendsNothingMore_WhenEndpointIsDisabledWhileDeliveriesWait()
    {
        await using var scene = await BusyEndpoint.StartAsync();

        await scene.Host.Endpoints.SetEnabledAsync(scene.EndpointId, false, "admin@example.com");
        scene.Release();

        var deliveries = await scene.SettledAsync();
        Assert.Equal(PerEndpoint, scene.Receiver.Requests.Count);
        Assert.Equal(PerEndpoint, deliveries.Count(d => d.Status == DeliveryStatus.Succeeded));
        Assert.All(deliveries.Where(d => d.Status != DeliveryStatus.Succeeded), d =>
        {
            Assert.Equal(DeliveryStatus.Skipped, d.Status);
            Assert.Empty(d.Attempts);
        });
    }

    [Fact]
    public async Task RunAsync_SendsNothingMoreAndSettlesCleanly_WhenEndpointIsDeletedWhileDeliveriesWait()
    {
        await using var scene = await BusyEndpoint.StartAsync();

        await scene.Host.Endpoints.DeleteAsync(scene.EndpointId, "admin@example.com");
        scene.Release();

        // The two answers that come back after the delete have no delivery left to be recorded on.
        await scene.Host.WaitForLogAsync(l => l.Contains("was sent but is not recorded"), "the late answers reported", count: PerEndpoint);
        await scene.IdleAsync();
        Assert.Equal(PerEndpoint, scene.Receiver.Requests.Count);
        await using var db = await scene.Host.DbAsync();
        Assert.Empty(await db.Deliveries.ToListAsync());
        Assert.Empty(await db.DeliveryAttempts.ToListAsync());
        Assert.Equal(scene.Host.Dispatcher.Permits.Slots, scene.Host.Dispatcher.Permits.FreeSlots);
        await scene.Host.StopAsync();
        Assert.DoesNotContain(scene.Host.LogLines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SendsToTheNewUrlOnly_WhenUrlChangesWhileDeliveriesWait()
    {
        await using var scene = await BusyEndpoint.StartAsync();
        await using var moved = await LoopbackReceiver.StartAsync();

        var input = EndpointService.ToInput(await scene.Host.Endpoints.GetAsync(scene.EndpointId));
        input.Url = moved.Url.ToString();
        await scene.Host.Endpoints.UpdateAsync(scene.EndpointId, input, "admin@example.com");
        scene.Release();

        var deliveries = await scene.SettledAsync();
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
        Assert.Equal(PerEndpoint, scene.Receiver.Requests.Count);
        Assert.Equal(Events - PerEndpoint, moved.Requests.Count);
        var urls = deliveries.SelectMany(d => d.Attempts).Select(a => a.RequestUrl).ToList();
        Assert.Equal(PerEndpoint, urls.Count(u => u == scene.Receiver.Url.ToString()));
        Assert.Equal(Events - PerEndpoint, urls.Count(u => u == moved.Url.ToString()));
    }

    [Fact]
    public async Task RunAsync_SignsWithTheNewSecret_WhenSecretIsRotatedWhileDeliveriesWait()
    {
        await using var scene = await BusyEndpoint.StartAsync();

        var rotated = await scene.Host.Endpoints.RotateSecretAsync(scene.EndpointId, "admin@example.com");
        scene.Release();

        await scene.SettledAsync();
        var requests = scene.Receiver.Requests.OrderBy(r => r.Index).ToList();
        Assert.Equal(Events, requests.Count);
        // On the wire before the rotation: the old secret alone.
        Assert.All(requests.Take(PerEndpoint), r =>
        {
            Assert.Equal(Signature(scene.Secret, r), r.Header(WebhookSigner.SignatureHeader));
            Assert.Null(r.Header(WebhookSigner.PreviousSignatureHeader));
        });
        // Everything after: the new secret, and the old one beside it while receivers switch.
        Assert.All(requests.Skip(PerEndpoint), r =>
        {
            Assert.Equal(Signature(rotated, r), r.Header(WebhookSigner.SignatureHeader));
            Assert.Equal(Signature(scene.Secret, r), r.Header(WebhookSigner.PreviousSignatureHeader));
        });
    }

    private static string Signature(string secret, ReceivedRequest request) => "sha256=" + WebhookSigner.HmacSha256Hex(secret, request.Body);

    /// <summary>
    /// Six deliveries to one endpoint whose receiver holds every request until released: two on the
    /// wire (the per-endpoint limit), two leased ahead in the dispatcher's memory (the limit ahead),
    /// two in the queue.
    /// </summary>
    private sealed class BusyEndpoint : IAsyncDisposable
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DeliveryTestHost Host { get; private set; } = null!;
        public LoopbackReceiver Receiver { get; private set; } = null!;
        public string EndpointId { get; private set; } = "";
        public string Secret { get; private set; } = "";

        public static async Task<BusyEndpoint> StartAsync()
        {
            var scene = new BusyEndpoint();
            scene.Receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = scene._release.Task });
            scene.Host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?>
            {
                ["Webhooks:Delivery:MaxConcurrencyPerEndpoint"] = PerEndpoint.ToString(),
                ["Webhooks:Delivery:LeaseAheadPerEndpoint"] = PerEndpoint.ToString(),
            }, start: false);
            // A timeout well past the test's steps: the held requests must still be open when released.
            var (endpoint, secret) = await scene.Host.AddEndpointAsync(scene.Receiver.Url, e => e.TimeoutSeconds = 30);
            (scene.EndpointId, scene.Secret) = (endpoint.Id, secret);
            for (var i = 0; i < Events; i++)
                await scene.Host.Publisher.PublishAsync("customer.created", Data);

            await scene.Host.StartAsync();
            await scene.Receiver.WaitForRequestsAsync(PerEndpoint);
            await Eventually.WaitAsync(() => Task.FromResult(scene.Host.Dispatcher.Held), n => n == 2 * PerEndpoint,
                "two requests on the wire and two deliveries leased ahead");
            return scene;
        }

        public void Release() => _release.TrySetResult();

        /// <summary>Waits until no delivery is Pending and the dispatcher holds nothing; returns the deliveries with their attempts.</summary>
        public async Task<List<Webhooks.Core.Delivery.Delivery>> SettledAsync()
        {
            var deliveries = await Eventually.WaitAsync(async () =>
            {
                await using var db = await Host.DbAsync();
                return await db.Deliveries.AsNoTracking().Include(d => d.Attempts).ToListAsync();
            }, ds => ds.Count == Events && ds.All(d => d.Status != DeliveryStatus.Pending), "every delivery settled");
            await IdleAsync();
            return deliveries;
        }

        /// <summary>Waits until the dispatcher holds no delivery: whatever it was going to send has been sent.</summary>
        public Task IdleAsync() =>
            Eventually.WaitAsync(() => Task.FromResult(Host.Dispatcher.Held), n => n == 0, "the dispatcher to hold nothing");

        public async ValueTask DisposeAsync()
        {
            Release();
            await Host.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Outbound;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery;

public class OutboundSafetyTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    private static Dictionary<string, string?> Strict(bool allowHttp) => new()
    {
        ["Webhooks:Delivery:AllowHttp"] = allowHttp ? "true" : "false",
        ["Webhooks:Delivery:AllowPrivateNetworks"] = "false",
    };

    [Fact]
    public async Task Dispatcher_RefusesLoopbackAtConnect_WhenPrivateNetworksNotAllowed()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(ipv6: true);
        await using var host = await DeliveryTestHost.CreateAsync(Strict(allowHttp: true));
        var urls = new[] { receiver.Url, new Uri($"http://localhost:{receiver.Port}/hook"), receiver.UrlV6! };
        foreach (var url in urls)
            await host.AddEndpointAsync(url, e => e.RetryEnabled = false);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var deliveries = await Eventually.WaitAsync(() => host.DeliveriesOfEventAsync(result.EventId),
            ds => ds.Count == 3 && ds.All(d => d.Status == DeliveryStatus.Failed), "three refused deliveries");
        foreach (var attempt in deliveries.Select(d => Assert.Single(d.Attempts)))
        {
            Assert.Equal(AttemptErrorKind.BlockedAddress, attempt.ErrorKind);
            Assert.Equal("blocked address", attempt.Error);
        }
        Assert.Equal(0, receiver.Connections);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Dispatcher_RefusesPlainHttp_WhenHttpNotAllowed()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:AllowHttp"] = "false" });
        await host.AddEndpointAsync(receiver.Url, e => e.RetryEnabled = false);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var delivery = (await Eventually.WaitAsync(() => host.DeliveriesOfEventAsync(result.EventId), ds => ds[0].Status == DeliveryStatus.Failed, "refusal"))[0];
        Assert.Contains("http URLs are not allowed", Assert.Single(delivery.Attempts).Error);
        Assert.Equal(0, receiver.Connections);
    }

    [Fact]
    public async Task Dispatcher_AllowsOnlyConsoleInbox_WhenSelfOriginRegistered()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(Strict(allowHttp: false));
        host.Services.GetRequiredService<IOutboundExemptions>().RegisterSelfOrigin(receiver.Url);
        await host.AddEndpointAsync(new Uri(receiver.Url, "inbox/tok_abc"), e => e.RetryEnabled = false);
        await host.AddEndpointAsync(new Uri(receiver.Url, "api/v1/webhooks"), e => e.RetryEnabled = false);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var deliveries = await Eventually.WaitAsync(() => host.DeliveriesOfEventAsync(result.EventId),
            ds => ds.All(d => d.Status != DeliveryStatus.Pending), "both deliveries settled");
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/inbox/tok_abc", request.Path);
        Assert.Single(deliveries, d => d.Status == DeliveryStatus.Succeeded);
        Assert.Single(deliveries, d => d.Status == DeliveryStatus.Failed);
    }
}

using System.Text.Json;
using Webhooks.Core.Endpoints;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery;

/// <summary>Real deliveries, captured at a loopback receiver, verified by the libraries receivers use (node).</summary>
public class SignatureInteropTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123", name = "张三", note = "ünïcode & <tags>" });

    [Fact]
    public async Task HmacSha256_IsAcceptedByOctokitVerify_WhenDeliveredWithRotation()
    {
        var (request, secret, previous) = await CaptureAsync(SignatureScheme.HmacSha256);

        Assert.Equal(0, (await NodeInterop.VerifyAsync("hmac-sha256", secret, request.BodyText, request.Headers)).ExitCode);
        var withPrevious = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase) { ["X-Webhook-Signature"] = request.Header("X-Webhook-Signature-Previous")! };
        Assert.Equal(0, (await NodeInterop.VerifyAsync("hmac-sha256", previous, request.BodyText, withPrevious)).ExitCode);
        Assert.Equal(1, (await NodeInterop.VerifyAsync("hmac-sha256", secret, request.BodyText + " ", request.Headers)).ExitCode);
    }

    [Fact]
    public async Task StandardWebhooks_IsAcceptedByStandardWebhooksVerify_WhenDeliveredWithRotation()
    {
        var (request, secret, previous) = await CaptureAsync(SignatureScheme.StandardWebhooks);

        Assert.Equal(request.Header("X-Webhook-ID"), request.Header("webhook-id"));
        Assert.Equal(2, request.Header("webhook-signature")!.Split(' ').Length);
        var current = await NodeInterop.VerifyAsync("standard-webhooks", secret, request.BodyText, request.Headers);
        Assert.True(current.ExitCode == 0, current.Output);
        Assert.Equal(0, (await NodeInterop.VerifyAsync("standard-webhooks", previous, request.BodyText, request.Headers)).ExitCode);
        Assert.Equal(1, (await NodeInterop.VerifyAsync("standard-webhooks", Webhooks.Core.Endpoints.EndpointSecret.Generate(), request.BodyText, request.Headers)).ExitCode);
    }

    private static async Task<(ReceivedRequest Request, string Secret, string Previous)> CaptureAsync(SignatureScheme scheme)
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync();
        var previous = EndpointSecret.Generate();
        var (_, secret) = await host.AddEndpointAsync(receiver.Url, e =>
        {
            e.SignatureScheme = scheme;
            e.PreviousSecretProtected = host.Protector.Protect(previous);
            e.PreviousSecretExpiresAt = DateTime.UtcNow.AddHours(1);
        });
        await host.Publisher.PublishAsync("customer.created", Data);
        return ((await receiver.WaitForRequestsAsync(1))[0], secret, previous);
    }
}

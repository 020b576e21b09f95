using System.Text;
using Webhooks.Console.Bench;
using Webhooks.Core.Delivery.Sending;

namespace Webhooks.Tests.Console.Bench;

/// <summary>The bench's receiver on loopback, posted to by a plain HttpClient.</summary>
public sealed class BenchReceiverTests : IAsyncLifetime
{
    private const string Secret = "whsec_bench-receiver-test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly HttpClient _client = new();
    private BenchReceiver _receiver = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _receiver = await BenchReceiver.StartAsync();
        _url = _receiver.Register(Secret);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task DistinctReachedAsync_CompletesOnTheArrivalThatMakesTheCount_WhenFewerHaveArrived()
    {
        await PostAsync("evt_a");
        var reached = _receiver.DistinctReachedAsync(2);

        await PostAsync("evt_a"); // the same event again: not another distinct arrival
        Assert.False(reached.IsCompleted);
        await PostAsync("evt_b");

        await reached.WaitAsync(Patience);
        Assert.Equal(2, _receiver.Distinct);
        Assert.Equal(0, _receiver.SignatureFailures);
    }

    [Fact]
    public async Task DistinctReachedAsync_CompletesAtOnce_WhenThatManyHaveArrived()
    {
        await PostAsync("evt_a");

        Assert.True(_receiver.DistinctReachedAsync(1).IsCompleted);
    }

    [Fact]
    public async Task ClearArrivals_CountsFromNoneAgain()
    {
        await PostAsync("evt_a");
        _receiver.ClearArrivals();
        var reached = _receiver.DistinctReachedAsync(1);

        Assert.Equal(0, _receiver.Distinct);
        Assert.False(reached.IsCompleted);
        await PostAsync("evt_a");
        await reached.WaitAsync(Patience);
    }

    private async Task PostAsync(string eventId)
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"evt"}""");
        using var message = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        message.Headers.Add("X-Webhook-ID", eventId);
        message.Headers.Add(WebhookSigner.SignatureHeader, "sha256=" + WebhookSigner.HmacSha256Hex(Secret, body));
        using var response = await _client.SendAsync(message);
        response.EnsureSuccessStatusCode();
    }
}

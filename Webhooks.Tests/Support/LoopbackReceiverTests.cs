using System.Net;

namespace Webhooks.Tests.Support;

/// <summary>The test receiver itself: a handler that breaks must fail the test that used it, never pass as an answer.</summary>
public sealed class LoopbackReceiverTests
{
    [Fact]
    public async Task DisposeAsync_ThrowsHandlerFailure_WhenRespondThrew()
    {
        var receiver = await LoopbackReceiver.StartAsync(_ => throw new InvalidOperationException("respond broke"));
        using var client = new HttpClient { BaseAddress = receiver.Url };

        using var response = await client.PostAsync("/hook", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("respond broke", Assert.Single(receiver.Failures).Message);
        var thrown = await Assert.ThrowsAsync<AggregateException>(() => receiver.DisposeAsync().AsTask());
        Assert.Equal("respond broke", Assert.Single(thrown.InnerExceptions).Message);
    }

    [Fact]
    public async Task DisposeAsync_ThrowsHandlerFailure_WhenCustomWriteThrew()
    {
        var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Write = (_, _) => throw new FormatException("write broke") });
        using var client = new HttpClient { BaseAddress = receiver.Url };

        using var response = await client.PostAsync("/hook", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var thrown = await Assert.ThrowsAsync<AggregateException>(() => receiver.DisposeAsync().AsTask());
        Assert.IsType<FormatException>(Assert.Single(thrown.InnerExceptions));
    }

    [Fact]
    public async Task DisposeAsync_Completes_WhenSenderHangsUpMidAnswer()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        using (var client = new HttpClient { BaseAddress = receiver.Url })
        {
            using var giveUp = new CancellationTokenSource();
            var send = client.PostAsync("/hook", new StringContent("{}"), giveUp.Token);
            await receiver.WaitForRequestsAsync(1);
            giveUp.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        }

        await receiver.DisposeAsync();

        Assert.Empty(receiver.Failures);
    }
}

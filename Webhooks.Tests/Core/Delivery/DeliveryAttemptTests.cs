using System.Text;
using Webhooks.Core.Delivery;

namespace Webhooks.Tests.Core.Delivery;

public sealed class DeliveryAttemptTests
{
    [Fact]
    public void RequestHeaders_IsTheDecodedUtf8_WhenOnlyTheUtf8WasSet()
    {
        var attempt = new DeliveryAttempt { RequestHeadersUtf8 = Encoding.UTF8.GetBytes("""{"X-Note":"café"}""") };

        Assert.Equal("""{"X-Note":"café"}""", attempt.RequestHeaders);
    }

    [Fact]
    public void RequestHeadersUtf8_IsCleared_WhenTheTextIsSetAfterIt()
    {
        var attempt = new DeliveryAttempt { RequestHeadersUtf8 = Encoding.UTF8.GetBytes("""{"A":"1"}""") };

        attempt.RequestHeaders = """{"B":"2"}""";

        Assert.Equal(("""{"B":"2"}""", (byte[]?)null), (attempt.RequestHeaders, attempt.RequestHeadersUtf8));
    }

    [Fact]
    public void RequestHeaders_IsAnEmptyObject_WhenNothingWasSet()
    {
        Assert.Equal(("{}", (byte[]?)null), (new DeliveryAttempt().RequestHeaders, new DeliveryAttempt().RequestHeadersUtf8));
    }
}

using System.Text;
using Webhooks.Core.Delivery.Sending;

namespace Webhooks.Tests.Core.Delivery.Sending;

public sealed class WebhookPayloadTests
{
    [Theory]
    [InlineData(638_000_000_001_259_999L, DateTimeKind.Utc)]
    [InlineData(638_000_000_009_999_999L, DateTimeKind.Unspecified)]
    [InlineData(315_537_897_599_999_999L, DateTimeKind.Local)] // 9999-12-31T23:59:59.9999999
    [InlineData(31_553_280_000_000_000L, DateTimeKind.Utc)] // 0100-12-31
    public void FormatTimestamp_WritesWhatTheMillisecondFormatWrites_WhenTheTicksGoBeyondAMillisecond(long ticks, DateTimeKind kind)
    {
        var at = new DateTime(ticks, kind);

        var written = Encoding.UTF8.GetString(WebhookPayload.FormatTimestamp(at, stackalloc byte[28]));

        Assert.Equal(DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), written);
    }
}

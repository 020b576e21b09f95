using System.Text;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Events;

namespace Webhooks.Tests.Core.Delivery.Sending;

public class JsonScratchTests
{
    [Fact]
    public void Rent_StartsEmpty_WhenTheThreadsLastScratchWroteSomething()
    {
        using (var first = JsonScratch.Rent())
        {
            first.Writer.WriteStartObject();
            first.Writer.WriteString("left", "over");
            // Left mid-object, as an exception half-way through a document would.
        }

        using var second = JsonScratch.Rent();
        second.Writer.WriteStartArray();
        second.Writer.WriteEndArray();

        Assert.Equal("[]", Encoding.UTF8.GetString(second.Written));
    }

    [Fact]
    public void Rent_GivesAnotherScratch_WhenOneIsStillRentedOnTheThread()
    {
        using var outer = JsonScratch.Rent();
        outer.Writer.WriteStartObject();
        outer.Writer.WritePropertyName("inner");

        using (var inner = JsonScratch.Rent())
        {
            inner.Writer.WriteStringValue("own buffer");
            Assert.Equal("\"own buffer\"", Encoding.UTF8.GetString(inner.Written));
        }
        outer.Writer.WriteNumberValue(1);
        outer.Writer.WriteEndObject();

        Assert.Equal("""{"inner":1}""", Encoding.UTF8.GetString(outer.Written));
    }

    [Fact]
    public void WriteRawValue_WritesTheTextAsUtf8_WhenItHoldsCharactersOutsideAscii()
    {
        const string data = """{"name":"Zoë 🎫","note":"\u00e9"}""";
        using var scratch = JsonScratch.Rent();
        scratch.Writer.WriteStartArray();
        scratch.WriteRawValue(data);
        scratch.WriteRawValue("2");
        scratch.Writer.WriteEndArray();

        Assert.Equal(Encoding.UTF8.GetBytes($"[{data},2]"), scratch.Written.ToArray());
    }

    [Fact]
    public void Serialize_WritesEachBodyWhole_WhenALargeBodyCameBefore()
    {
        var large = new Event { Id = "evt_large", Type = "ticket.closed", Data = $$"""{"text":"{{new string('x', 200_000)}}"}""", OccurredAt = DateTime.UnixEpoch };
        var small = new Event { Id = "evt_small", Type = "ticket.closed", Data = """{"ticket":7}""", OccurredAt = DateTime.UnixEpoch };

        var largeBody = WebhookPayload.Serialize(large);
        var smallBody = WebhookPayload.Serialize(small);

        Assert.Equal(large.Data.Length + 105, largeBody.Length);
        Assert.Equal("""{"id":"evt_small","event":"ticket.closed","timestamp":"1970-01-01T00:00:00.000Z","data":{"ticket":7},"metadata":null}""", Encoding.UTF8.GetString(smallBody));
    }

    [Fact]
    public void WriteRawValue_Throws_WhenTheTextHoldsALoneSurrogate()
    {
        using var scratch = JsonScratch.Rent();

        Assert.ThrowsAny<ArgumentException>(() => scratch.WriteRawValue("\"\ud800\""));
    }

    [Fact]
    public void Dispose_LeavesTheScratchInUse_WhenAnEarlierLeaseIsDisposedAgain()
    {
        var first = JsonScratch.Rent();
        first.Dispose();
        using var second = JsonScratch.Rent(); // the same scratch again, the thread's cached one
        second.Writer.WriteStartArray();

        first.Dispose();
        using (var third = JsonScratch.Rent())
            third.Writer.WriteStringValue("not in the second's buffer");

        second.Writer.WriteEndArray();
        Assert.Equal("[]", Encoding.UTF8.GetString(second.Written));
        Assert.Throws<ObjectDisposedException>(() => first.Writer);
    }
}

using System.Text.Json;

namespace Webhooks.Console.Bench;

/// <summary>The event data every phase sends, padded so the body a receiver gets is about the asked size.</summary>
public static class BenchPayload
{
    public const string LoadType = "bench.load";
    /// <summary>Subscribed by endpoint 0 only: one event, one delivery (latency and idle phases).</summary>
    public const string SingleType = "bench.single";

    // The envelope around data ({"id":"evt_…","event":"bench.load","timestamp":"…","data":…,"metadata":null}).
    private const int EnvelopeBytes = 140;

    public static JsonElement Data(int payloadBytes)
    {
        var pad = Math.Max(0, payloadBytes - EnvelopeBytes - """{"customer_no":"C001","pad":""}""".Length);
        return JsonSerializer.SerializeToElement(new Dictionary<string, string>
        {
            ["customer_no"] = "C001",
            ["pad"] = new string('x', pad),
        });
    }
}

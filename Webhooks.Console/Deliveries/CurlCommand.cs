using System.Text;
using System.Text.Json;
using Webhooks.Core.Delivery;

namespace Webhooks.Console.Deliveries;

/// <summary>
/// An attempt's request as a curl command line, to replay it by hand against a receiver. Values are
/// single-quoted for POSIX shells; auth values were masked when recorded, so they stay masked here.
/// </summary>
public static class CurlCommand
{
    /// <param name="attempt">As <see cref="Webhooks.Core.History.DeliveryHistory"/> reads it: with its body filled in.</param>
    public static string For(DeliveryAttempt attempt)
    {
        var command = new StringBuilder("curl -X POST ").Append(Quote(attempt.RequestUrl));
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(attempt.RequestHeaders) ?? [];
        foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            command.Append(" \\\n  -H ").Append(Quote($"{name}: {value}"));
        return command.Append(" \\\n  --data-raw ").Append(Quote(attempt.RequestBody!)).ToString();
    }

    // Inside single quotes nothing is special but the quote itself: close, escape it, reopen.
    internal static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}

using Bunit;
using Webhooks.Console.Deliveries;
using Webhooks.Core.Delivery;

namespace Webhooks.Tests.Console.Deliveries;

public sealed class AttemptCardTests : AsyncConsolePageTestContext
{
    private static DeliveryAttempt Attempt(int? status, string? error) => new()
    {
        Number = 1,
        Trigger = AttemptTrigger.Scheduled,
        StartedAt = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc),
        DurationMs = 12,
        RequestUrl = "https://orders.example/hooks",
        RequestHeaders = """{"X-Webhook-Event":"customer.created"}""",
        RequestBody = "{}",
        ResponseStatus = status,
        ResponseHeaders = status is null ? null : """{"Content-Type":"application/json"}""",
        ResponseBody = status is null ? null : """{"ok":false}""",
        Succeeded = false,
        ErrorKind = status is null ? AttemptErrorKind.Refused : AttemptErrorKind.HttpStatus,
        Error = error,
    };

    [Fact]
    public void Card_SaysNoResponseWasReceivedInsteadOfAnEmptyPanel_WhenTheRequestGotNoAnswer()
    {
        var cut = Render<AttemptCard>(p => p.Add(x => x.Attempt, Attempt(null, "Connection refused")).Add(x => x.Open, true));

        Assert.Equal("No response was received.", cut.Find(".attempt-no-response").TextContent.Trim());
        Assert.Contains("Connection refused", cut.Find(".attempt-error").TextContent);
        Assert.DoesNotContain(cut.FindAll("summary"), s => s.TextContent.Trim() == "Response");
        Assert.Contains(cut.FindAll("summary"), s => s.TextContent.Trim() == "Request headers sent");
    }

    [Fact]
    public void Card_ShowsTheResponseOpen_WhenTheReceiverAnswered()
    {
        var cut = Render<AttemptCard>(p => p.Add(x => x.Attempt, Attempt(500, "HTTP 500 Internal Server Error")).Add(x => x.Open, true));

        Assert.Empty(cut.FindAll(".attempt-no-response"));
        var response = cut.FindAll("details").Single(d => d.QuerySelector("summary")!.TextContent.Trim() == "Response");
        Assert.True(response.HasAttribute("open"));
        Assert.Contains("\"ok\": false", response.QuerySelector(".attempt-response-body")!.TextContent);
    }
}

using System.Text;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Events;

namespace Webhooks.Tests.Core.Delivery;

public class AttemptBodiesTests
{
    private static readonly Event Evt = new()
    {
        Id = "evt_1", Type = "ticket.closed", Data = """{"ticket":7}""", OccurredAt = new DateTime(2026, 12, 3, 21, 0, 0, 125, DateTimeKind.Utc),
    };

    [Fact]
    public void Fill_PutsBackTheEventsBody_WhenAnAttemptWasStoredWithoutOne()
    {
        var attempts = new[] { new DeliveryAttempt { Number = 1 }, new DeliveryAttempt { Number = 2 } };

        AttemptBodies.Fill(attempts, Evt);

        const string sent = """{"id":"evt_1","event":"ticket.closed","timestamp":"2026-12-03T21:00:00.125Z","data":{"ticket":7},"metadata":null}""";
        Assert.All(attempts, a => Assert.Equal(sent, a.RequestBody));
        Assert.Equal(sent, Encoding.UTF8.GetString(WebhookPayload.Serialize(Evt)));
    }

    [Fact]
    public void Fill_LeavesABodyAlone_WhenTheAttemptHasOne()
    {
        var notSent = new DeliveryAttempt { Number = 1, RequestBody = "" };
        var older = new DeliveryAttempt { Number = 2, RequestBody = """{"kept":"as stored"}""" };

        AttemptBodies.Fill([notSent, older], Evt);

        Assert.Equal("", notSent.RequestBody);
        Assert.Equal("""{"kept":"as stored"}""", older.RequestBody);
    }
}

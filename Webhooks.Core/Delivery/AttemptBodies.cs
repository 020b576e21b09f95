using System.Text;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Events;

namespace Webhooks.Core.Delivery;

/// <summary>Puts back the body of attempts stored without one: those that sent their event's own body.</summary>
public static class AttemptBodies
{
    /// <summary>Sets <see cref="DeliveryAttempt.RequestBody"/> where it is null to <paramref name="evt"/>'s body: the bytes each of those attempts sent.</summary>
    /// <param name="attempts">Attempts of deliveries of <paramref name="evt"/>.</param>
    /// <param name="evt">The event the attempts delivered.</param>
    public static void Fill(IEnumerable<DeliveryAttempt> attempts, Event evt)
    {
        string? body = null;
        foreach (var attempt in attempts)
            attempt.RequestBody ??= body ??= Encoding.UTF8.GetString(WebhookPayload.Serialize(evt));
    }
}

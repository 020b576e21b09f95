namespace Webhooks.Core.Delivery.Outbound;

/// <summary>
/// The few URLs that may be delivered to although they are on a private or loopback address, or
/// on plain http: the console's own inbox and origins the operator allowed by configuration.
/// </summary>
public interface IOutboundExemptions
{
    /// <summary>Whether a request to <paramref name="url"/> may skip the https and public-address rules.</summary>
    bool IsExempt(Uri url);

    /// <summary>Whether a connection to this host and port belongs to an exempt origin (checked again at connect time).</summary>
    bool IsExemptConnection(string host, int port);

    /// <summary>
    /// Called by the console once it knows its own listening address: deliveries to
    /// <c>{baseAddress}/inbox/...</c> are then allowed. Other paths on that origin stay refused.
    /// </summary>
    void RegisterSelfOrigin(Uri baseAddress);
}

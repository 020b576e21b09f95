namespace Webhooks.Core.Delivery.Outbound;

/// <summary>Thrown from the connect step when every address of the host is non-public; recorded as <see cref="AttemptErrorKind.BlockedAddress"/>.</summary>
public sealed class BlockedAddressException(string host, string detail) : Exception("blocked address")
{
    public string Host { get; } = host;
    /// <summary>Which addresses and why, for the server log (the attempt only says "blocked address").</summary>
    public string Detail { get; } = detail;
}

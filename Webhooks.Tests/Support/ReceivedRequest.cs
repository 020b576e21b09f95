using System.Text;

namespace Webhooks.Tests.Support;

/// <summary>One request as the receiver saw it: raw body bytes and every header; <see cref="ReceivedTimestamp"/> is a <see cref="System.Diagnostics.Stopwatch"/> reading.</summary>
public sealed record ReceivedRequest(int Index, string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTime ReceivedAt, long ReceivedTimestamp)
{
    /// <summary>The sender's port: with <see cref="ConnectionOwners"/>, which process sent it.</summary>
    public int RemotePort { get; init; }

    /// <summary>Kestrel's id of the connection the request came on (one per TCP connection).</summary>
    public string ConnectionId { get; init; } = "";

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

namespace Webhooks.Tests.Support;

/// <summary>What the receiver answers; <see cref="Delay"/> holds the answer back (for timeouts).</summary>
public sealed record ReceiverResponse(int Status = 200, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public static readonly ReceiverResponse Ok = new();
}

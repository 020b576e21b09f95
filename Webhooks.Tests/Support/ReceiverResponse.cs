using Microsoft.AspNetCore.Http;

namespace Webhooks.Tests.Support;

/// <summary>
/// What the receiver answers; <see cref="Delay"/> holds the answer back (for timeouts), <see cref="Hold"/>
/// holds it until the test releases it (no clock involved), and <see cref="Write"/> streams a body
/// of its own (trickling or huge) after the status and headers are set.
/// </summary>
public sealed record ReceiverResponse(int Status = 200, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public Task? Hold { get; init; }
    public Func<HttpResponse, CancellationToken, Task>? Write { get; init; }

    public static readonly ReceiverResponse Ok = new();
}

namespace Webhooks.Console.Api;

public sealed class PayloadTooLargeException(long maxBytes) : Exception($"The body is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

namespace Webhooks.Core.Delivery;

/// <summary>
/// This process's identity as a lease owner (<c>LeasedBy</c>). Unique per process start, so a
/// restarted instance never mistakes a dead predecessor's leases for its own.
/// </summary>
public sealed class DispatcherInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}

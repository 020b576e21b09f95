namespace Webhooks.Core.Jobs;

/// <summary>The outcome of asking for a manual lease (<see cref="ConsoleJobStore.LeaseAsync"/>).</summary>
public enum ManualLease
{
    Leased,
    /// <summary>Someone holds a live lease on it (the dispatcher is sending it).</summary>
    Busy,
    /// <summary>No such delivery (deleted, with its endpoint or by retention).</summary>
    Missing,
}

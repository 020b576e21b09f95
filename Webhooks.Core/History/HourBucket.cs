namespace Webhooks.Core.History;

/// <summary>Deliveries settled in one hour, for the charts.</summary>
public sealed record HourBucket(DateTime Hour, int Succeeded, int Failed);

namespace Webhooks.Core.History;

/// <summary>One line of the events page, with how its deliveries stand.</summary>
public sealed record EventRow(string Id, string Type, DateTime OccurredAt, int Deliveries, int Succeeded, int Failed, int Pending, int Skipped, int Cancelled);

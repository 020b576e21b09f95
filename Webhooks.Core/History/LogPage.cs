namespace Webhooks.Core.History;

/// <summary>A page of deliveries for scripts, with the cursor of the next page (null at the end).</summary>
public sealed record LogPage(IReadOnlyList<DeliveryRow> Rows, string? NextCursor);

namespace Webhooks.Core.History;

/// <summary>A page of grid rows and the total that matches the filter.</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryRow> Rows, int Total);

namespace Webhooks.Core.Endpoints;

/// <summary>One page of the endpoints grid and how many endpoints there are in all.</summary>
public sealed record EndpointPage(IReadOnlyList<Endpoint> Items, int Total);

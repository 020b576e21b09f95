namespace Webhooks.Core.Endpoints;

/// <summary>The endpoints grid's sortable columns; every order ends on the id so pages never overlap.</summary>
public enum EndpointSort
{
    Name = 0,
    Url = 1,
    Status = 2,
    ConsecutiveFailures = 3,
    LastSuccessAt = 4,
}

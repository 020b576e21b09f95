namespace Webhooks.Core.Endpoints;

/// <summary>The outbound rule the endpoint form needs at validation time (from <c>Webhooks:Delivery:AllowHttp</c>).</summary>
public sealed record EndpointRules(bool AllowHttp);

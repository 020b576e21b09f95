namespace Webhooks.Core.History;

public sealed record FailingEndpoint(string Id, string Name, int Failed24h, int ConsecutiveFailures, bool IsEnabled, string? LastError);

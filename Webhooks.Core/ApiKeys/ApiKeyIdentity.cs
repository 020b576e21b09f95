namespace Webhooks.Core.ApiKeys;

/// <summary>Who is calling the HTTP API: the key's id, name and scopes.</summary>
public sealed record ApiKeyIdentity(string Id, string Name, IReadOnlyList<string> Scopes);

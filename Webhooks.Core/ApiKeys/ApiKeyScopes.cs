namespace Webhooks.Core.ApiKeys;

public static class ApiKeyScopes
{
    /// <summary>Read endpoints, deliveries, stats and the catalog (never secrets).</summary>
    public const string Read = "read";
    /// <summary>Create, change and delete endpoints and event types; test and retry.</summary>
    public const string Write = "write";
    /// <summary>Publish events.</summary>
    public const string Publish = "publish";
    /// <summary>Read endpoint secrets.</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [Read, Write, Publish, Admin];
}

namespace Webhooks.Core.ApiKeys;

/// <summary>A machine client's key. Only its SHA-256 hash is stored; the key is shown once.</summary>
public class ApiKey
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The first characters of the key, shown so people can tell keys apart.</summary>
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    /// <summary>Space-separated: <c>read</c>, <c>write</c>, <c>publish</c>, <c>admin</c>.</summary>
    public string Scopes { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

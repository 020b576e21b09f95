using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Webhooks.Core.Audit;
using Webhooks.Core.Common;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.ApiKeys;

/// <summary>
/// API keys for scripts and services. A key is shown once at creation; the database keeps only its
/// SHA-256 hash, so a stolen database file does not hand out working keys.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<WebhooksDbContext> dbFactory, IConfiguration configuration, TimeProvider clock)
{
    public const string KeyPrefix = "whk_";
    private const int PrefixShown = 12;
    // Writing LastUsedAt on every request would turn each read into a write; once a minute is enough to be useful.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<List<ApiKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Creates a key; the plain key in the result is never stored and cannot be shown again.</summary>
    public async Task<(ApiKey Key, string Plain)> CreateAsync(string name, IEnumerable<string> scopes, string actor, CancellationToken ct = default)
    {
        var scopeList = scopes.Distinct().ToList();
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
            errors.Add("name", "Name is required (100 characters at most).");
        if (scopeList.Count == 0)
            errors.Add("scopes", "Pick at least one scope.");
        foreach (var scope in scopeList.Where(s => !ApiKeyScopes.All.Contains(s)))
            errors.Add("scopes", $"'{scope}' is not a scope; use {string.Join(", ", ApiKeyScopes.All)}.");
        errors.ThrowIfAny();

        var plain = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        var key = new ApiKey
        {
            Id = SortableId.New("key"),
            Name = name.Trim(),
            Prefix = plain[..PrefixShown],
            Hash = Hash(plain),
            Scopes = string.Join(' ', scopeList),
            CreatedAt = now,
            CreatedBy = actor,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        AuditLog.Record(db, actor, "api_key.created", "api_key", key.Id, $"{key.Name} ({key.Prefix}…) scopes: {key.Scopes}", now);
        await db.SaveChangesAsync(ct);
        return (key, plain);
    }

    public async Task RevokeAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException("API key", id);
        var now = clock.GetUtcNow().UtcDateTime;
        key.RevokedAt ??= now;
        AuditLog.Record(db, actor, "api_key.revoked", "api_key", key.Id, $"{key.Name} ({key.Prefix}…)", now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The key's name and scopes when <paramref name="plain"/> is a live key; null otherwise.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string plain, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(plain) || plain.Length > 200)
            return null;
        if (configuration["Webhooks:Bootstrap:ApiKey"] is { Length: > 0 } bootstrap && FixedTimeEquals(bootstrap, plain))
            return new ApiKeyIdentity("bootstrap", "Bootstrap key (configuration)", ApiKeyScopes.All);

        var hash = Hash(plain);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        if (key is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        return new ApiKeyIdentity(key.Id, key.Name, key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    internal static string Hash(string plain) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(plain))).ToLowerInvariant();

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}

using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Audit;
using Webhooks.Core.Common;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Endpoints;

/// <summary>
/// Creates and changes endpoints for the console and the HTTP API. Every change writes an audit
/// entry in the same transaction; secrets leave only through <see cref="RevealSecretAsync"/> and
/// the create/rotate results, and each of those is audited too.
/// </summary>
public sealed class EndpointService(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    ISecretProtector protector,
    EndpointValidator validator,
    EndpointRules rules,
    EndpointChanges changes,
    TimeProvider clock)
{
    /// <summary>How long a rotated-out secret keeps signing, so receivers can switch without dropping deliveries.</summary>
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);

    public async Task<List<Endpoint>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Endpoints.AsNoTracking().OrderBy(e => e.Name).ToListAsync(ct);
    }

    public const int MaxPageSize = 200;

    /// <summary>The endpoints grid's page: sorted and cut in the database, not in memory.</summary>
    public async Task<EndpointPage> PageAsync(EndpointSort sort, bool descending, int skip, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        skip = Math.Max(0, skip);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Endpoints.AsNoTracking();
        var total = await query.CountAsync(ct);
        var ordered = (sort, descending) switch
        {
            (EndpointSort.Url, false) => query.OrderBy(e => e.Url),
            (EndpointSort.Url, true) => query.OrderByDescending(e => e.Url),
            // Enabled first, then disabled by hand, then disabled automatically (descending: the reverse).
            (EndpointSort.Status, false) => query.OrderByDescending(e => e.IsEnabled).ThenBy(e => e.DisabledAutomatically),
            (EndpointSort.Status, true) => query.OrderBy(e => e.IsEnabled).ThenByDescending(e => e.DisabledAutomatically),
            (EndpointSort.ConsecutiveFailures, false) => query.OrderBy(e => e.ConsecutiveFailures),
            (EndpointSort.ConsecutiveFailures, true) => query.OrderByDescending(e => e.ConsecutiveFailures),
            (EndpointSort.LastSuccessAt, false) => query.OrderBy(e => e.LastSuccessAt),
            (EndpointSort.LastSuccessAt, true) => query.OrderByDescending(e => e.LastSuccessAt),
            (_, false) => query.OrderBy(e => e.Name),
            _ => query.OrderByDescending(e => e.Name),
        };
        var items = await ordered.ThenBy(e => e.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new EndpointPage(items, total);
    }

    public async Task<Endpoint> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Endpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Endpoint", id);
    }

    public async Task<ValidationErrors> ValidateAsync(EndpointInput input, bool isCreate, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = (await db.EventTypes.Where(t => !t.IsArchived).Select(t => t.Name).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return validator.Validate(input, rules.AllowHttp || rules.IsOwnInbox(input.Url), known, requireAuthSecret: isCreate);
    }

    /// <summary>Creates an endpoint; the result carries the plain secret, to be shown once.</summary>
    public async Task<(Endpoint Endpoint, string Secret)> CreateAsync(EndpointInput input, string actor, bool fromConfiguration = false, CancellationToken ct = default)
    {
        (await ValidateAsync(input, isCreate: true, ct)).ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = string.IsNullOrEmpty(input.Secret) ? EndpointSecret.Generate() : input.Secret;
        var endpoint = new Endpoint
        {
            Id = SortableId.New("ep"),
            CreatedAt = now,
            SecretProtected = protector.Protect(secret),
            SecretHint = EndpointSecret.Hint(secret),
            FromConfiguration = fromConfiguration,
        };
        Apply(endpoint, input, now);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Endpoints.Add(endpoint);
        AuditLog.Record(db, actor, "endpoint.created", "endpoint", endpoint.Id, $"{endpoint.Name} → {endpoint.Url}", now);
        await db.SaveChangesAsync(ct);
        return (endpoint, secret);
    }

    public async Task<Endpoint> UpdateAsync(string id, EndpointInput input, string actor, CancellationToken ct = default)
    {
        (await ValidateAsync(input, isCreate: false, ct)).ThrowIfAny();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await FindAsync(db, id, ct);
        if (input.AuthMode != AuthMode.None && input.AuthSecret is null && (endpoint.AuthMode != input.AuthMode || endpoint.AuthSecretProtected is null))
            throw ValidationFailedException.For("authSecret", input.AuthMode == AuthMode.Basic ? "Password is required for Basic authentication." : "Token is required for Bearer authentication.");
        var now = clock.GetUtcNow().UtcDateTime;
        var wasEnabled = endpoint.IsEnabled;
        Apply(endpoint, input, now);
        if (!wasEnabled && endpoint.IsEnabled)
            ResetFailures(endpoint);
        AuditLog.Record(db, actor, "endpoint.updated", "endpoint", endpoint.Id, $"{endpoint.Name} → {endpoint.Url}", now);
        await SaveAsync(db, endpoint.Id, ct);
        return endpoint;
    }

    public async Task DeleteAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await FindAsync(db, id, ct);
        db.Endpoints.Remove(endpoint);
        AuditLog.Record(db, actor, "endpoint.deleted", "endpoint", endpoint.Id, endpoint.Name, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(db, endpoint.Id, ct);
    }

    /// <summary>Turns an endpoint on or off; turning it on clears an automatic disable and its failure count.</summary>
    public async Task<Endpoint> SetEnabledAsync(string id, bool enabled, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await FindAsync(db, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        endpoint.IsEnabled = enabled;
        if (enabled)
            ResetFailures(endpoint);
        else
        {
            endpoint.DisabledReason = "Disabled by " + actor;
            endpoint.DisabledAutomatically = false;
        }
        endpoint.UpdatedAt = now;
        endpoint.Version = Guid.NewGuid();
        AuditLog.Record(db, actor, enabled ? "endpoint.enabled" : "endpoint.disabled", "endpoint", endpoint.Id, endpoint.Name, now);
        await SaveAsync(db, endpoint.Id, ct);
        return endpoint;
    }

    /// <summary>Makes a new secret; the old one keeps signing for <see cref="PreviousSecretLifetime"/>.</summary>
    public async Task<string> RotateSecretAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await FindAsync(db, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = EndpointSecret.Generate();
        endpoint.PreviousSecretProtected = endpoint.SecretProtected;
        endpoint.PreviousSecretExpiresAt = now + PreviousSecretLifetime;
        endpoint.SecretProtected = protector.Protect(secret);
        endpoint.SecretHint = EndpointSecret.Hint(secret);
        endpoint.UpdatedAt = now;
        endpoint.Version = Guid.NewGuid();
        AuditLog.Record(db, actor, "endpoint.secret_rotated", "endpoint", endpoint.Id, "new secret " + endpoint.SecretHint, now);
        await SaveAsync(db, endpoint.Id, ct);
        return secret;
    }

    public async Task<string> RevealSecretAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await FindAsync(db, id, ct);
        AuditLog.Record(db, actor, "endpoint.secret_revealed", "endpoint", endpoint.Id, endpoint.SecretHint, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return protector.Unprotect(endpoint.SecretProtected);
    }

    /// <summary>The form's starting values for an existing endpoint; credentials stay blank (blank keeps them).</summary>
    public static EndpointInput ToInput(Endpoint e) => new()
    {
        Name = e.Name,
        Url = e.Url,
        Description = e.Description,
        Events = [.. e.Subscriptions],
        Enabled = e.IsEnabled,
        SignatureScheme = e.SignatureScheme,
        AuthMode = e.AuthMode,
        AuthUsername = e.AuthUsername,
        Headers = e.CustomHeaders.Select(h => new HeaderInput { Name = h.Key, Value = h.Value }).ToList(),
        TimeoutSeconds = e.TimeoutSeconds,
        RetryEnabled = e.RetryEnabled,
        RateLimitPerSecond = e.RateLimitPerSecond,
    };

    private void Apply(Endpoint endpoint, EndpointInput input, DateTime now)
    {
        endpoint.Name = input.Name.Trim();
        endpoint.Url = input.Url.Trim();
        endpoint.Description = input.Description?.Trim() ?? "";
        endpoint.Subscriptions = input.Events.Distinct(StringComparer.Ordinal).ToList();
        endpoint.IsEnabled = input.Enabled;
        if (!input.Enabled && endpoint.DisabledReason is null)
            endpoint.DisabledReason = "Disabled when saved";
        endpoint.SignatureScheme = input.SignatureScheme;
        endpoint.AuthMode = input.AuthMode;
        endpoint.AuthUsername = input.AuthMode == AuthMode.Basic ? input.AuthUsername?.Trim() : null;
        if (input.AuthMode == AuthMode.None)
            endpoint.AuthSecretProtected = null;
        else if (!string.IsNullOrEmpty(input.AuthSecret))
            endpoint.AuthSecretProtected = protector.Protect(input.AuthSecret);
        endpoint.CustomHeaders = input.Headers.ToDictionary(h => h.Name.Trim(), h => h.Value ?? "", StringComparer.OrdinalIgnoreCase);
        endpoint.TimeoutSeconds = input.TimeoutSeconds;
        endpoint.RetryEnabled = input.RetryEnabled;
        endpoint.RateLimitPerSecond = input.RateLimitPerSecond;
        endpoint.UpdatedAt = now;
        endpoint.Version = Guid.NewGuid();
    }

    private static void ResetFailures(Endpoint endpoint)
    {
        endpoint.ConsecutiveFailures = 0;
        endpoint.DisabledReason = null;
        endpoint.DisabledAutomatically = false;
    }

    private static async Task<Endpoint> FindAsync(WebhooksDbContext db, string id, CancellationToken ct) =>
        await db.Endpoints.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw new NotFoundException("Endpoint", id);

    /// <summary>Saves, then tells the dispatcher, so nothing is sent with the old settings once the caller hears "saved".</summary>
    private async Task SaveAsync(WebhooksDbContext db, string endpointId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("The endpoint was changed or deleted by someone else meanwhile; reload it and try again.");
        }
        changes.Changed(endpointId);
    }
}

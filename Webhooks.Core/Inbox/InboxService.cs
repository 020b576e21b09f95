using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webhooks.Core.Audit;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Inbox;

/// <summary>Creates inboxes, stores what arrives at them, and checks each request's signature.</summary>
public sealed class InboxService(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    InboxSignatureVerifier verifier,
    IOptions<InboxOptions> options,
    DeliveryNotifier notifier,
    TimeProvider clock)
{
    public const string PathPrefix = "/inbox/";

    public async Task<List<Inbox>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Inboxes.AsNoTracking().OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
    }

    public async Task<Inbox> CreateAsync(string name, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
            throw ValidationFailedException.For("name", "Name is required (100 characters at most).");
        var now = clock.GetUtcNow().UtcDateTime;
        // Unguessable: the inbox accepts anonymous POSTs, so its address is its only protection.
        var inbox = new Inbox { Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(), Name = name.Trim(), CreatedAt = now };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Inboxes.Add(inbox);
        AuditLog.Record(db, actor, "inbox.created", "inbox", inbox.Token, inbox.Name, now);
        await db.SaveChangesAsync(ct);
        return inbox;
    }

    public async Task DeleteAsync(string token, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var inbox = await db.Inboxes.FirstOrDefaultAsync(i => i.Token == token, ct) ?? throw new NotFoundException("Inbox", token);
        db.Inboxes.Remove(inbox);
        AuditLog.Record(db, actor, "inbox.deleted", "inbox", token, inbox.Name, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<InboxRequest>> RequestsAsync(string token, int take = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.InboxRequests.AsNoTracking().Where(r => r.InboxToken == token)
            .OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Stores a request that arrived at <c>/inbox/{token}</c>; null when no such inbox exists.</summary>
    /// <param name="body">The raw body, read by the caller up to <see cref="InboxOptions.MaxBodyBytes"/> + 1 bytes.</param>
    public async Task<InboxRequest?> CaptureAsync(string token, string method, IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Inboxes.AnyAsync(i => i.Token == token, ct))
            return null;

        var max = options.Value.MaxBodyBytes;
        var truncated = body.Length > max;
        var kept = truncated ? body[..max] : body;
        var (check, endpointId) = await verifier.CheckAsync(db, token, headers, kept, truncated, ct);
        var request = new InboxRequest
        {
            InboxToken = token,
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
            Method = method,
            Headers = System.Text.Json.JsonSerializer.Serialize(headers),
            Body = System.Text.Encoding.UTF8.GetString(kept),
            BodyTruncated = truncated,
            Signature = check,
            EndpointId = endpointId,
        };
        db.InboxRequests.Add(request);
        await db.SaveChangesAsync(ct);

        // Bounded per inbox, so an inbox left open cannot fill the disk.
        var cutoff = await db.InboxRequests.Where(r => r.InboxToken == token).OrderByDescending(r => r.Id)
            .Skip(options.Value.MaxRequestsPerInbox).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (cutoff is { } id)
            await db.InboxRequests.Where(r => r.InboxToken == token && r.Id <= id).ExecuteDeleteAsync(ct);
        // The inbox page listens to the same notices as the delivery views.
        notifier.Notify();
        return request;
    }

    /// <summary>The inbox token in an endpoint URL that points at this console's inbox, or null.</summary>
    public static string? TokenOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith(PathPrefix, StringComparison.Ordinal)
            ? uri.AbsolutePath[PathPrefix.Length..].TrimEnd('/') is { Length: > 0 } t && !t.Contains('/') ? t : null
            : null;
}

using Webhooks.Core.Persistence;

namespace Webhooks.Core.Audit;

/// <summary>
/// Adds audit entries to the caller's unit of work, so the entry and the change it describes are
/// saved together or not at all.
/// </summary>
public static class AuditLog
{
    public static void Record(WebhooksDbContext db, string actor, string action, string targetType, string? targetId, string? details = null, DateTime? at = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = at ?? DateTime.UtcNow,
            Actor = string.IsNullOrWhiteSpace(actor) ? "system" : actor,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Details = details is { Length: > 2000 } ? details[..2000] : details,
        });
    }
}

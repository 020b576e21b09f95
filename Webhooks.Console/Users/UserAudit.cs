using Webhooks.Core.Audit;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Users;

/// <summary>Records what an Admin did to a user account, in the audit log every other change goes to.</summary>
internal static class UserAudit
{
    public static async Task RecordAsync(AsyncServiceScope scope, string actor, string action, string email, string? details)
    {
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        AuditLog.Record(db, actor, action, "user", email, details);
        await db.SaveChangesAsync();
    }
}

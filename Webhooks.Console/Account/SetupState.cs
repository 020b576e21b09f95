using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Account;

/// <summary>
/// Whether the first admin exists yet. Once true it stays true for the process, so the check costs
/// one query per request only until setup is done.
/// </summary>
public sealed class SetupState(IDbContextFactory<WebhooksDbContext> dbFactory)
{
    private volatile bool _hasUsers;

    public async Task<bool> HasUsersAsync(CancellationToken ct = default)
    {
        if (_hasUsers)
            return true;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        _hasUsers = await db.Users.AnyAsync(ct);
        return _hasUsers;
    }

    public void MarkDone() => _hasUsers = true;
}

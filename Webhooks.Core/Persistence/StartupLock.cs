using Microsoft.Extensions.Logging;
using Npgsql;

namespace Webhooks.Core.Persistence;

/// <summary>
/// Lets one console at a time run its start-up work (migrations, seeding, the key ring's first key,
/// the bootstrap admin) on a database several consoles share, so two consoles started together do
/// not both find an empty database and both fill it. On PostgreSQL a session advisory lock on a
/// connection of its own, which the server releases by itself if the process dies; on SQLite, where
/// one process owns the file, no lock at all.
/// </summary>
/// <param name="provider">The database's provider.</param>
/// <param name="connectionString">The database; on PostgreSQL the lock is taken in it.</param>
/// <param name="logger">Says when this console waits for another one to finish starting.</param>
public sealed class StartupLock(DatabaseProvider provider, string connectionString, ILogger<StartupLock> logger)
{
    // Advisory lock keys are per database and chosen by the application; nothing else here takes this one ("Webhooks").
    internal const long Key = 0x5765_6268_6F6F_6B73;

    /// <summary>Waits until no other console holds the lock, runs <paramref name="work"/> holding it, and lets it go.</summary>
    /// <param name="work">The start-up work.</param>
    /// <param name="ct">Gives up waiting.</param>
    public async Task RunAsync(Func<Task> work, CancellationToken ct = default)
    {
        if (provider != DatabaseProvider.PostgreSql)
        {
            await work();
            return;
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        if (await ExecuteAsync(connection, "SELECT pg_try_advisory_lock(@key)", ct) is not true)
        {
            logger.LogInformation("Waiting for another console to finish starting on this database");
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", ct);
        }
        try
        {
            await work();
        }
        finally
        {
            // Unlocked explicitly: a pooled connection's session (and its lock) outlives Close.
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private static async Task<object?> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        // No command timeout: the other console's start-up (a long migration) takes what it takes.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("key", Key);
        return await command.ExecuteScalarAsync(ct);
    }
}

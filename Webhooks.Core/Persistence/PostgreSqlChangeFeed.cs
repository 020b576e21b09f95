using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Webhooks.Core.Delivery;

namespace Webhooks.Core.Persistence;

/// <summary>
/// Carries "deliveries changed" between consoles on one PostgreSQL database with LISTEN/NOTIFY, so a
/// grid open on one instance refreshes when another publishes or settles. What this instance changes
/// (<see cref="DeliveryNotifier.ChangedHere"/>, already at most one per 250 ms) becomes one NOTIFY;
/// a NOTIFY from another instance refreshes the views here. Notifications carry only the sender's
/// id: views re-read the rows, the single source of truth. A lost connection is opened again;
/// what changed meanwhile shows at the next change or page load.
/// </summary>
public sealed class PostgreSqlChangeFeed(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    DeliveryNotifier notifier,
    ILogger<PostgreSqlChangeFeed> logger) : BackgroundService
{
    public const string Channel = "webhooks_changes";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly string _self = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _connectionString = "";

    /// <summary>Completes once this instance hears other instances (the first LISTEN is in place).</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
            _connectionString = db.Database.GetConnectionString()!;
        notifier.ChangedHere += Announce;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ListenAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Lost the change feed from other consoles; listening again in {Delay}", Reconnect);
                    await Task.Delay(Reconnect, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            notifier.ChangedHere -= Announce;
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) =>
        {
            if (e.Payload != _self)
                notifier.NotifyFromElsewhere();
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        _listening.TrySetResult();
        while (true)
            await connection.WaitAsync(ct);
    }

    private void Announce() => _ = AnnounceAsync();

    private async Task AnnounceAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @self)", connection);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("self", _self);
            await notify.ExecuteNonQueryAsync();
        }
        catch (Exception ex)
        {
            // Other consoles then refresh at their next change or page load; nothing is lost in the rows.
            logger.LogWarning(ex, "Could not tell other consoles that deliveries changed");
        }
    }
}

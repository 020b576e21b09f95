using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Webhooks.Core.ApiKeys;
using Webhooks.Core.Audit;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using InboxEntity = Webhooks.Core.Inbox.Inbox;
using InboxRequestEntity = Webhooks.Core.Inbox.InboxRequest;

namespace Webhooks.Core.Persistence;

/// <summary>
/// The one database: identity, catalog, endpoints, events, the delivery queue and its attempts.
/// Schema changes go through hand-written migrations in <c>Persistence/Migrations</c>.
/// </summary>
public class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<EventType> EventTypes => Set<EventType>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<Endpoint> Endpoints => Set<Endpoint>();
    public DbSet<Delivery.Delivery> Deliveries => Set<Delivery.Delivery>();
    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<InboxEntity> Inboxes => Set<InboxEntity>();
    public DbSet<InboxRequestEntity> InboxRequests => Set<InboxRequestEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<EventType>(e =>
        {
            e.HasKey(x => x.Name);
            e.HasIndex(x => x.Group);
        });

        builder.Entity<Event>(e =>
        {
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Type, x.OccurredAt });
            e.HasIndex(x => x.OccurredAt);
        });

        builder.Entity<Endpoint>(e =>
        {
            e.Property(x => x.Subscriptions).HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonOptions) ?? new List<string>(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()));
            e.Property(x => x.CustomHeaders).HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonOptions) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>((a, b) => a!.Count == b!.Count && !a.Except(b).Any(), v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p.Key, p.Value)), v => new Dictionary<string, string>(v)));
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Name);
        });

        builder.Entity<Delivery.Delivery>(e =>
        {
            e.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Endpoint).WithMany().HasForeignKey(x => x.EndpointId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Attempts).WithOne().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Cascade);
            // The claim query: due, pending work in time order.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            // The grids: newest first, optionally per endpoint / status / type.
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => new { x.EndpointId, x.CreatedAt });
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.EventType, x.CreatedAt });
            e.HasIndex(x => x.EventId);
            // Written by the dispatcher's own statements; rows inserted without it start at none.
            e.Property(x => x.UnsettledClaims).HasDefaultValue(0);
        });

        builder.Entity<DeliveryAttempt>(e =>
        {
            // One record per attempt number: a second send under the same number can never be recorded as another attempt.
            e.HasIndex(x => new { x.DeliveryId, x.Number }).IsUnique();
            e.HasIndex(x => x.StartedAt);
        });

        builder.Entity<ApiKey>(e => e.HasIndex(x => x.Hash).IsUnique());

        builder.Entity<AuditEntry>(e => e.HasIndex(x => x.At));

        builder.Entity<InboxEntity>(e => e.HasKey(x => x.Token));
        builder.Entity<InboxRequestEntity>(e =>
        {
            e.HasIndex(x => new { x.InboxToken, x.ReceivedAt });
            e.HasOne<InboxEntity>().WithMany().HasForeignKey(x => x.InboxToken).OnDelete(DeleteBehavior.Cascade);
        });
    }

    // Also read by the dispatcher's raw load (DeliveryLoader), which must convert the JSON columns the same way.
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Audit;
using Webhooks.Core.Common;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Events;

/// <summary>The event catalog: what can be published and subscribed to.</summary>
public sealed class EventTypeService(IDbContextFactory<WebhooksDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxSampleBytes = 64 * 1024;

    public async Task<List<EventType>> ListAsync(bool includeArchived = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.EventTypes.AsNoTracking();
        if (!includeArchived)
            query = query.Where(t => !t.IsArchived);
        return await query.OrderBy(t => t.Group).ThenBy(t => t.Name).ToListAsync(ct);
    }

    public async Task<EventType?> FindAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EventTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, ct);
    }

    public static ValidationErrors Validate(EventTypeInput input)
    {
        var errors = new ValidationErrors();
        if (!EventTypeName.IsValid(input.Name))
            errors.Add("name", $"Name must be 1 to {EventTypeName.MaxLength} characters of letters, digits, '_', '-' and '.', such as customer.created.");
        if (input.Group is { Length: > 0 } group && !EventTypeName.IsValid(group))
            errors.Add("group", "Group must be letters, digits, '_', '-' and '.'.");
        if ((input.Description?.Length ?? 0) > 1000)
            errors.Add("description", "Description must be at most 1000 characters.");
        if (JsonError(input.SamplePayload, requireObject: true) is { } sampleError)
            errors.Add("samplePayload", sampleError);
        if (input.Schema is { Length: > 0 } && JsonError(input.Schema, requireObject: true) is { } schemaError)
            errors.Add("schema", schemaError);
        return errors;
    }

    public async Task<EventType> CreateAsync(EventTypeInput input, string actor, CancellationToken ct = default)
    {
        Validate(input).ThrowIfAny();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.EventTypes.AnyAsync(t => t.Name == input.Name, ct))
            throw ValidationFailedException.For("name", $"An event type named '{input.Name}' already exists.");
        var now = clock.GetUtcNow().UtcDateTime;
        var type = new EventType { Name = input.Name, CreatedAt = now };
        Apply(type, input, now);
        db.EventTypes.Add(type);
        AuditLog.Record(db, actor, "event_type.created", "event_type", type.Name, null, now);
        await db.SaveChangesAsync(ct);
        return type;
    }

    public async Task<EventType> UpdateAsync(string name, EventTypeInput input, string actor, CancellationToken ct = default)
    {
        input.Name = name;
        Validate(input).ThrowIfAny();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var type = await db.EventTypes.FirstOrDefaultAsync(t => t.Name == name, ct) ?? throw new NotFoundException("Event type", name);
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(type, input, now);
        AuditLog.Record(db, actor, "event_type.updated", "event_type", type.Name, null, now);
        await db.SaveChangesAsync(ct);
        return type;
    }

    /// <summary>Archived types stay in history but can no longer be published or newly subscribed to.</summary>
    public async Task SetArchivedAsync(string name, bool archived, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var type = await db.EventTypes.FirstOrDefaultAsync(t => t.Name == name, ct) ?? throw new NotFoundException("Event type", name);
        if (type.IsBuiltIn && archived)
            throw ValidationFailedException.For("name", $"'{name}' is built in and cannot be archived.");
        var now = clock.GetUtcNow().UtcDateTime;
        type.IsArchived = archived;
        type.UpdatedAt = now;
        AuditLog.Record(db, actor, archived ? "event_type.archived" : "event_type.restored", "event_type", type.Name, null, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds the built-in <c>webhook.test</c> and every configured type that is missing. Existing rows
    /// are left alone, so an admin's edits survive restarts.
    /// </summary>
    public async Task SeedAsync(IEnumerable<EventTypeInput> configured, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = (await db.EventTypes.Select(t => t.Name).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var builtIn = new EventTypeInput
        {
            Name = EventType.TestEventName,
            Group = "webhook",
            Description = "Sent by the Test button to check that an endpoint answers.",
            SamplePayload = """{"message":"This is a test webhook."}""",
        };
        foreach (var input in configured.Prepend(builtIn))
        {
            if (!existing.Add(input.Name))
                continue;
            var errors = Validate(input);
            if (!errors.IsEmpty)
                throw new InvalidOperationException($"Webhooks:EventTypes entry '{input.Name}' is invalid: " + new ValidationFailedException(errors.ToDictionary()).Message);
            var type = new EventType { Name = input.Name, CreatedAt = now, IsBuiltIn = input == builtIn };
            Apply(type, input, now);
            db.EventTypes.Add(type);
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(EventType type, EventTypeInput input, DateTime now)
    {
        type.Group = string.IsNullOrWhiteSpace(input.Group) ? EventTypeName.GroupOf(input.Name) : input.Group.Trim();
        type.Description = input.Description?.Trim() ?? "";
        type.SamplePayload = input.SamplePayload;
        type.Schema = string.IsNullOrWhiteSpace(input.Schema) ? null : input.Schema;
        type.UpdatedAt = now;
    }

    private static string? JsonError(string? json, bool requireObject)
    {
        if (string.IsNullOrWhiteSpace(json))
            return "JSON is required (use {} for none).";
        if (json.Length > MaxSampleBytes)
            return $"JSON must be at most {MaxSampleBytes / 1024} KiB.";
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (requireObject && doc.RootElement.ValueKind != JsonValueKind.Object)
                return "JSON must be an object ({...}).";
            return null;
        }
        catch (JsonException ex)
        {
            return "Not valid JSON: " + ex.Message;
        }
    }
}

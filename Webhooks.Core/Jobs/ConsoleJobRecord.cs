namespace Webhooks.Core.Jobs;

/// <summary>
/// The console's own row for one job (table <c>ConsoleJobs</c>): what it is about and its progress,
/// so pages read them without Hangfire's internals. Written before the Hangfire job is created, so
/// the job always finds it; <see cref="HangfireJobId"/> is filled in right after.
/// </summary>
public class ConsoleJobRecord
{
    /// <summary>Our key (<c>job_…</c>), passed to the job as its first argument.</summary>
    public string Id { get; set; } = "";
    /// <summary>Null only if the process stopped between writing this row and creating the job.</summary>
    public string? HangfireJobId { get; set; }
    public ConsoleJobKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string? DeliveryId { get; set; }
    public string? EndpointId { get; set; }
    /// <summary>Recover: deliveries created from this time on (UTC).</summary>
    public DateTime? Since { get; set; }
    /// <summary>Recover: the statuses to re-queue, comma-separated numbers of <see cref="Delivery.DeliveryStatus"/>.</summary>
    public string? Statuses { get; set; }
    public int Total { get; set; }
    public DateTime CreatedAt { get; set; }
}

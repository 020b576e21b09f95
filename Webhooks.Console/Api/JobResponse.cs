using Webhooks.Core.Jobs;

namespace Webhooks.Console.Api;

/// <summary>A console job as the HTTP API shows it (camelCase JSON); <see cref="Location"/> is where to read it again.</summary>
public sealed record JobResponse(string Id, string Kind, string Name, string State, DateTime CreatedAt, DateTime? FinishedAt,
    int Done, int Total, string? Error, string? DeliveryId, string? EndpointId)
{
    public static string Location(string jobId) => $"/api/v1/jobs/{Uri.EscapeDataString(jobId)}";

    public static JobResponse From(ConsoleJob job) => new(job.Id, Camel(job.Kind.ToString()), job.Name, Camel(job.State.ToString()),
        DeliveryResponse.Utc(job.CreatedAt), DeliveryResponse.Utc(job.FinishedAt), job.Done, job.Total, job.Error, job.DeliveryId, job.EndpointId);

    /// <summary>202 Accepted with the job and its <c>Location</c>.</summary>
    public static IResult Accepted(ConsoleJob job) => Results.Accepted(Location(job.Id), From(job));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

namespace Webhooks.Core.Jobs;

/// <summary>
/// A console job as the pages and the API show it.
/// </summary>
/// <param name="Id">The Hangfire job id (the dashboard's <c>{DashboardPath}/jobs/details/{Id}</c>).</param>
/// <param name="Kind">What the job does.</param>
/// <param name="Name">The name the dashboard shows ("Retry delivery dlv_… to CRM sync").</param>
/// <param name="State">From Hangfire's current state of the job.</param>
/// <param name="CreatedAt">When it was asked for (UTC).</param>
/// <param name="FinishedAt">When it ended Succeeded, Failed or Cancelled (UTC).</param>
/// <param name="Done">Deliveries handled so far: attempted (Retry now, Retry selected) or handed back to the dispatcher (Recover).</param>
/// <param name="Total">Deliveries to handle.</param>
/// <param name="Error">The exception's message when Failed.</param>
/// <param name="DeliveryId">The delivery of a Retry now.</param>
/// <param name="EndpointId">The endpoint of a Retry now or a Recover.</param>
public sealed record ConsoleJob(string Id, ConsoleJobKind Kind, string Name, ConsoleJobState State,
    DateTime CreatedAt, DateTime? FinishedAt, int Done, int Total, string? Error,
    string? DeliveryId, string? EndpointId);

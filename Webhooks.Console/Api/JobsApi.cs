using Webhooks.Core.Common;
using Webhooks.Core.Jobs;

namespace Webhooks.Console.Api;

/// <summary>The jobs that Retry and Recover start: read one (state and progress).</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id}", async (string id, ConsoleJobs jobs, CancellationToken ct) =>
            Results.Ok(JobResponse.From(await jobs.GetAsync(id, ct) ?? throw new NotFoundException("Job", id))))
            .RequireAuthorization(ApiPolicies.Read).WithTags("Jobs").WithName("GetJob");
        return api;
    }
}

using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;
using Webhooks.Console.Account;
using Webhooks.Core.Jobs;

namespace Webhooks.Console.Jobs;

public static class JobsDashboardExtensions
{
    /// <summary>
    /// Hangfire's dashboard at <see cref="JobsOptions.DashboardPath"/>, behind the console's own
    /// sign-in: signed out leads to the login page, Viewers get it read-only (no buttons, and its
    /// POSTs are refused), Admins may requeue and delete.
    /// </summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value.DashboardPath;
        app.MapHangfireDashboard(path, new DashboardOptions
        {
            // The endpoint's policy decides who gets in; Hangfire's default filter would also refuse
            // every request that does not come from the machine itself.
            Authorization = [],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(Roles.Admin),
            AppPath = "/",
            DashboardTitle = "Webhooks · Background jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Reader);
        return app;
    }
}

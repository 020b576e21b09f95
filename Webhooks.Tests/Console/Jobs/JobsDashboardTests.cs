using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;
using static Webhooks.Tests.Console.Api.AdminAndViewerConsole;

namespace Webhooks.Tests.Console.Jobs;

/// <summary>Hangfire's dashboard behind the console's sign-in, through the real app on Kestrel.</summary>
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private readonly AdminAndViewerConsole _console = new();

    private ConsoleServer Server => _console.Server;

    public Task InitializeAsync() => _console.InitializeAsync();

    public Task DisposeAsync() => _console.DisposeAsync();

    [Fact]
    public async Task Dashboard_LeadsToLogin_WhenSignedOut()
    {
        using var anonymous = new FormSession(Server.BaseAddress);

        using var response = await anonymous.Client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task JobPage_OffersDeleteToAdminsOnly_WhenAJobIsScheduled()
    {
        var jobId = ScheduleRetention();
        using var admin = await _console.SignedInAsync(AdminEmail, AdminPassword);
        using var viewer = await _console.SignedInAsync(ViewerEmail, ViewerPassword);

        var asAdmin = await admin.Client.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        var asViewer = await viewer.Client.GetStringAsync($"/hangfire/jobs/details/{jobId}");

        Assert.Contains("Delete delivery history past its retention", asViewer);
        Assert.Contains("data-ajax=\"/hangfire/jobs/actions/delete/", asAdmin);
        Assert.DoesNotContain("/hangfire/jobs/actions/delete/", asViewer);
    }

    [Fact]
    public async Task DeleteAction_IsRefusedAndTheJobKept_WhenAViewerPostsIt()
    {
        var jobId = ScheduleRetention();
        using var viewer = await _console.SignedInAsync(ViewerEmail, ViewerPassword);

        using var response = await viewer.Client.PostAsync($"/hangfire/jobs/actions/delete/{jobId}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var storage = Server.App.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        Assert.Equal("Scheduled", connection.GetStateData(jobId).Name);
    }

    private string ScheduleRetention() =>
        Server.App.Services.GetRequiredService<IBackgroundJobClient>().Schedule<RetentionJob>(j => j.RunAsync(CancellationToken.None), TimeSpan.FromHours(1));
}

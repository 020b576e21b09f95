using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Jobs;

/// <summary>Hangfire's dashboard behind the console's sign-in, through the real app on Kestrel.</summary>
public sealed class JobsDashboardTests : IAsyncLifetime
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "admin-password-1";
    private const string ViewerEmail = "viewer@example.com";
    private const string ViewerPassword = "viewer-password-1";

    private readonly ConsoleServer _server = new() { ExtraArguments = [$"--Webhooks:Bootstrap:AdminEmail={AdminEmail}", $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}"] };

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        using var scope = _server.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True((await UserAccounts.CreateAsync(users, ViewerEmail, ViewerPassword, Roles.Viewer)).Succeeded);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Dashboard_LeadsToLogin_WhenSignedOut()
    {
        using var anonymous = new FormSession(_server.BaseAddress);

        using var response = await anonymous.Client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task JobPage_OffersDeleteToAdminsOnly_WhenAJobIsScheduled()
    {
        var jobId = ScheduleRetention();
        using var admin = await SignedInAsync(AdminEmail, AdminPassword);
        using var viewer = await SignedInAsync(ViewerEmail, ViewerPassword);

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
        using var viewer = await SignedInAsync(ViewerEmail, ViewerPassword);

        using var response = await viewer.Client.PostAsync($"/hangfire/jobs/actions/delete/{jobId}", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var storage = _server.App.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        Assert.Equal("Scheduled", connection.GetStateData(jobId).Name);
    }

    private string ScheduleRetention() =>
        _server.App.Services.GetRequiredService<IBackgroundJobClient>().Schedule<RetentionJob>(j => j.RunAsync(CancellationToken.None), TimeSpan.FromHours(1));

    private async Task<FormSession> SignedInAsync(string email, string password)
    {
        var session = new FormSession(_server.BaseAddress);
        using var signIn = await session.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        return session;
    }
}

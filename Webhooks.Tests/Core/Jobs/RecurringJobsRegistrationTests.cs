using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Console.Hosting;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>Two consoles on one PostgreSQL database share one set of Hangfire jobs.</summary>
public sealed class RecurringJobsRegistrationTests(TwoPostgreSqlConsoles consoles) : IClassFixture<TwoPostgreSqlConsoles>
{
    [Fact]
    public void StartAsync_RegistersEachRecurringJobOnce_WhenTwoConsolesShareADatabase()
    {
        var storage = consoles.A.App.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();

        // Both consoles registered it at start (a hosted service both ran before serving): one schedule
        // for the database, which Hangfire's scheduler fires under a lock, on one console.
        Assert.Equal([RetentionJob.Id], connection.GetRecurringJobs().Select(j => j.Id));
    }
}

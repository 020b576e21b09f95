using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The Hangfire server that hosts the dispatcher and runs the console's jobs. On SQLite its storage
    /// is its own file at <paramref name="storage"/> (Hangfire's tables in the same file as the
    /// deliveries stalled publishes: PLATFORM.md); on PostgreSQL <paramref name="storage"/> is the
    /// console's connection string and Hangfire keeps its tables in the schema <c>hangfire</c>, so every
    /// console on that database shares one set of jobs. Needs <c>AddWebhookDelivery</c>. Options from
    /// <c>Webhooks:Jobs</c>, validated at start.
    /// </summary>
    public static IServiceCollection AddWebhookJobs(this IServiceCollection services, string storage, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());

        // This host's own storage and activator, registered before AddHangfire so its defaults
        // (Hangfire's process-wide JobStorage.Current and JobActivator.Current) are never used: two
        // hosts in one process (tests) must not share or swap them.
        services.AddSingleton<JobStorage>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            return provider == DatabaseProvider.PostgreSql ? PostgreSql(storage, o) : new SQLiteStorage(storage, new SQLiteStorageOptions
            {
                QueuePollInterval = o.QueuePollInterval,
                InvisibilityTimeout = o.InvisibilityTimeout,
            });
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // Hangfire's filters plus this host's own (live notices of its jobs' states), for this host's
        // server and client only: GlobalJobFilters would be shared by every host in the process.
        services.AddSingleton<JobStateNotices>();
        services.AddSingleton<IJobFilterProvider>(sp =>
        {
            var own = new JobFilterCollection { sp.GetRequiredService<JobStateNotices>() };
            return new JobFilterProviderCollection { JobFilterProviders.Providers, own };
        });
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((sp, server) =>
        {
            var o = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.WorkerCount = o.WorkerCount;
            server.SchedulePollingInterval = o.SchedulePollingInterval;
            server.HeartbeatInterval = o.HeartbeatInterval;
            server.ServerTimeout = o.ServerTimeout;
            server.ServerCheckInterval = o.ServerCheckInterval;
        });

        services.AddSingleton<IBackgroundProcess, DispatcherProcess>();
        services.AddSingleton<StoppedConsoles>();
        // Only a shared database has other consoles, which may join or stop while this one runs.
        if (provider == DatabaseProvider.PostgreSql)
            services.AddSingleton<IBackgroundProcess, ConsoleWatch>();
        services.AddTransient<RetentionJob>();
        services.AddSingleton<StrandedJobs>();
        services.AddSingleton(sp => new LiveOwners(sp.GetRequiredService<JobStorage>(), sp.GetRequiredService<Delivery.DispatcherInstance>(),
            sp.GetRequiredService<IOptions<JobsOptions>>(), sp.GetRequiredService<TimeProvider>(), sharedDatabase: provider == DatabaseProvider.PostgreSql));
        services.AddSingleton<ConsoleJobStore>();
        services.AddSingleton<ConsoleJobStates>();
        services.AddSingleton<ConsoleJobs>();
        services.AddSingleton<ManualAttempt>();
        services.AddTransient<RetryNowJob>();
        services.AddTransient<RetrySelectedJob>();
        services.AddTransient<RecoverJob>();
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }

    private static PostgreSqlStorage PostgreSql(string connectionString, JobsOptions o)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            QueuePollInterval = o.QueuePollInterval,
            InvisibilityTimeout = o.InvisibilityTimeout,
            // A job runs as long as its worker is alive, not a fixed time: a long Recover is not taken
            // over by another console while its own still runs it (PLATFORM.md).
            UseSlidingInvisibilityTimeout = true,
            PrepareSchemaIfNecessary = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}

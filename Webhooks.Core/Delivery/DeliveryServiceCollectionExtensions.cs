using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Delivery.Outbound;
using Webhooks.Core.Delivery.Retention;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Core.Metrics;

namespace Webhooks.Core.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Publishing, the dispatcher, manual actions and retention (the dispatcher and retention run
    /// under the Hangfire server that <c>AddWebhookJobs</c> adds). Needs <c>AddWebhooksPersistence</c>
    /// (an <c>IDbContextFactory&lt;WebhooksDbContext&gt;</c>) and an <see cref="Endpoints.ISecretProtector"/>.
    /// Options come from <c>Webhooks:Delivery</c>, <c>Webhooks:Events</c> and <c>Webhooks:Retention</c>
    /// and are validated at start.
    /// </summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section)
            .PostConfigure(o => o.RetrySchedule = o.RetrySchedule is { Length: > 0 } ? o.RetrySchedule : [.. DeliveryOptions.DefaultRetrySchedule])
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DispatcherSignal>();
        services.AddSingleton<DeliveryNotifier>();
        services.AddSingleton<DispatcherInstance>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<IOutboundExemptions, OutboundExemptions>();
        services.AddSingleton<OutboundHttp>();
        services.AddSingleton<WebhookSigner>();
        services.AddSingleton<WebhookRequestFactory>();
        services.AddSingleton<WebhookSender>();
        services.TryAddSingleton<EndpointChanges>();
        services.AddSingleton<CurrentEndpoints>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<SettleQueue>();
        services.AddSingleton<ConsoleShare>();
        services.AddSingleton<EndpointRateGate>();
        services.AddMetrics();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<DeliveryProcessor>();
        services.AddSingleton<DeliveryActions>();
        services.AddSingleton<EventWriter>();
        services.AddSingleton<IWebhookPublisher, WebhookPublisher>();
        // Run by the Hangfire server (AddWebhookJobs), not as hosted services of their own.
        services.AddSingleton<ClaimEndings>();
        services.AddSingleton<DeliveryRunner>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<OrphanedLeases>();
        services.AddSingleton<RetentionService>();
        return services;
    }
}

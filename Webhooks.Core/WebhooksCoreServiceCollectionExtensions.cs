using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.ApiKeys;
using Webhooks.Core.Delivery;
using Webhooks.Core.Endpoints;
using Webhooks.Core.History;
using Webhooks.Core.Inbox;

namespace Webhooks.Core;

public static class WebhooksCoreServiceCollectionExtensions
{
    /// <summary>
    /// Everything Core offers a host: endpoints and catalog, publishing and the dispatcher, API keys,
    /// the inbox and the history queries. The host adds persistence (<c>AddWebhooksPersistence</c>)
    /// and Data Protection (where the key ring lives is its call).
    /// </summary>
    public static IServiceCollection AddWebhooksCore(this IServiceCollection services)
    {
        services.AddWebhookEndpoints();
        services.AddWebhookDelivery();
        services.AddSingleton<ApiKeyService>();
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConsoleOrigin>();
        services.AddSingleton<InboxSignatureVerifier>();
        services.AddSingleton<InboxService>();
        services.AddSingleton<DeliveryHistory>();
        services.AddSingleton<EventHistory>();
        services.AddSingleton<StatsService>();
        return services;
    }
}

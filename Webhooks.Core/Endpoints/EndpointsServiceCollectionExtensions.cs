using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Outbound;
using Webhooks.Core.Events;

namespace Webhooks.Core.Endpoints;

public static class EndpointsServiceCollectionExtensions
{
    /// <summary>Endpoint and catalog services; part of <see cref="WebhooksCoreServiceCollectionExtensions.AddWebhooksCore"/>.</summary>
    public static IServiceCollection AddWebhookEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<EndpointValidator>();
        services.TryAddSingleton<EndpointChanges>();
        services.AddSingleton(sp => new EndpointRules(
            sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.AllowHttp,
            sp.GetRequiredService<IOutboundExemptions>().IsExempt));
        services.AddSingleton<EndpointService>();
        services.AddSingleton<EventTypeService>();
        services.AddTransient<ConfiguredEndpointImporter>();
        return services;
    }
}

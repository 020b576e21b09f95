using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Events;

namespace Webhooks.Core.Endpoints;

public static class EndpointsServiceCollectionExtensions
{
    /// <summary>Endpoint and catalog services. Needs Data Protection registered by the host (key ring location is the host's call).</summary>
    public static IServiceCollection AddWebhookEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<EndpointValidator>();
        services.AddSingleton<Inbox.ConsoleOrigin>();
        services.AddSingleton(sp => new EndpointRules(configuration.GetValue("Webhooks:Delivery:AllowHttp", false), sp.GetRequiredService<Inbox.ConsoleOrigin>()));
        services.AddSingleton<EndpointService>();
        services.AddSingleton<EventTypeService>();
        services.AddSingleton<ApiKeys.ApiKeyService>();
        services.AddTransient<ConfiguredEndpointImporter>();
        services.AddOptions<Inbox.InboxOptions>().BindConfiguration(Inbox.InboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Inbox.InboxSignatureVerifier>();
        services.AddSingleton<Inbox.InboxService>();
        services.AddSingleton<History.DeliveryHistory>();
        services.AddSingleton<History.EventHistory>();
        services.AddSingleton<History.StatsService>();
        return services;
    }
}

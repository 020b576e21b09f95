using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>The copies of endpoints that loads share instead of reading them again.</summary>
public sealed class CurrentEndpointsTests
{
    private static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    [Fact]
    public async Task Unchanged_GivesTheLoadedCopy_UntilTheEndpointChanges()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(Nowhere);
        var current = host.Services.GetRequiredService<CurrentEndpoints>();
        current.Loaded(current.Stamp, [endpoint]);
        Assert.Same(endpoint, current.Unchanged(endpoint.Id));

        await host.Endpoints.SetEnabledAsync(endpoint.Id, false, "admin@example.com");

        Assert.Null(current.Unchanged(endpoint.Id));
    }

    [Fact]
    public async Task Unchanged_GivesNothing_WhenNoLoadReadTheEndpoint()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(Nowhere);

        Assert.Null(host.Services.GetRequiredService<CurrentEndpoints>().Unchanged(endpoint.Id));
    }

    [Fact]
    public async Task Loaded_KeepsTheLaterRead_WhenAnEarlierLoadEndsAfterIt()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (endpoint, _) = await host.AddEndpointAsync(Nowhere);
        var current = host.Services.GetRequiredService<CurrentEndpoints>();
        var before = current.Stamp;
        await host.Endpoints.SetEnabledAsync(endpoint.Id, false, "admin@example.com");
        var after = current.Stamp;
        var read = await host.Endpoints.GetAsync(endpoint.Id);

        current.Loaded(after, [read]);
        current.Loaded(before, [endpoint]);

        Assert.Same(read, current.Unchanged(endpoint.Id));
    }
}

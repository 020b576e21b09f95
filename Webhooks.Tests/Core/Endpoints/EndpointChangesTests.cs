using Webhooks.Core.Endpoints;

namespace Webhooks.Tests.Core.Endpoints;

public sealed class EndpointChangesTests
{
    [Fact]
    public void ChangedSince_IsTrueOnlyForTheChangedEndpoint_WhenAChangeFollowsTheStamp()
    {
        var changes = new EndpointChanges();
        var before = changes.Stamp;

        changes.Changed("ep_a");

        Assert.True(changes.ChangedSince("ep_a", before));
        Assert.False(changes.ChangedSince("ep_b", before));
        Assert.False(changes.ChangedSince("ep_a", changes.Stamp));
    }

    [Fact]
    public void ChangedSince_KeepsTheLaterChange_WhenChangesOfOneEndpointInterleave()
    {
        var changes = new EndpointChanges();
        changes.Changed("ep_a");
        var between = changes.Stamp;
        changes.Changed("ep_a");

        Assert.True(changes.ChangedSince("ep_a", between));
    }
}

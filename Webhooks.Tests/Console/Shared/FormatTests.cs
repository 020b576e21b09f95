using Webhooks.Console.Shared;
using Webhooks.Core.Delivery;

namespace Webhooks.Tests.Console.Shared;

public sealed class FormatTests
{
    [Fact]
    public void Breakdown_NamesEveryOtherStatusThereIs_WhenDeliveriesAreNeitherSucceededNorFailed()
    {
        var byStatus = new Dictionary<DeliveryStatus, int> { [DeliveryStatus.Succeeded] = 8, [DeliveryStatus.Failed] = 5, [DeliveryStatus.Skipped] = 1, [DeliveryStatus.Cancelled] = 2 };

        Assert.Equal("8 succeeded, 5 failed, 1 skipped, 2 cancelled", Format.Breakdown(byStatus));
    }

    [Fact]
    public void Breakdown_KeepsSucceededAndFailed_WhenThereAreNoDeliveries()
    {
        Assert.Equal("0 succeeded, 0 failed", Format.Breakdown(new Dictionary<DeliveryStatus, int>()));
    }
}

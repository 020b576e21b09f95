using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class PostgreSqlDeliveryDispatcherRaceTests : DeliveryDispatcherRaceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

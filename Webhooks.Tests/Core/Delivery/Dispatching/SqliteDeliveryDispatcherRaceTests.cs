using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class SqliteDeliveryDispatcherRaceTests : DeliveryDispatcherRaceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

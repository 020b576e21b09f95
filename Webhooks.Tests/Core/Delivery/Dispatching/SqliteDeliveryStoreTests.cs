using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class SqliteDeliveryStoreTests : DeliveryStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

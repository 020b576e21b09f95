using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class SqliteLeaseTests : LeaseTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

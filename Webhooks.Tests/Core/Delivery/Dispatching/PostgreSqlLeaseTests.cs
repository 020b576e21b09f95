using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class PostgreSqlLeaseTests : LeaseTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

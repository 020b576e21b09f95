using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Events;

public sealed class SqliteWebhookPublisherTests : WebhookPublisherTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Events;

public sealed class PostgreSqlWebhookPublisherTests : WebhookPublisherTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

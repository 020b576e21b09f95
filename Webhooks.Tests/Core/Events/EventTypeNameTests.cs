using Webhooks.Core.Events;

namespace Webhooks.Tests.Core.Events;

public sealed class EventTypeNameTests
{
    [Theory]
    [InlineData("customer.created", true)]
    [InlineData("ticket_closed-v2", true)]
    [InlineData("customer created", false)]
    [InlineData("customer/created", false)]
    [InlineData("", false)]
    [InlineData(".created", false)]
    public void IsValid_FollowsTheNamePattern_WhenGivenName(string name, bool valid) => Assert.Equal(valid, EventTypeName.IsValid(name));

    [Theory]
    [InlineData("*", "customer.created", true)]
    [InlineData("customer.*", "customer.created", true)]
    [InlineData("customer.*", "customers.created", false)]
    [InlineData("customer.created", "customer.created", true)]
    [InlineData("customer.created", "customer.updated", false)]
    public void Matches_HonoursExactGroupAndAll_WhenMatchingPatterns(string pattern, string name, bool matches) =>
        Assert.Equal(matches, EventTypeName.Matches(pattern, name));
}

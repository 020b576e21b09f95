using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery;

public sealed class DeliveryOptionsValidatorTests
{
    private static DeliveryOptions Valid() => new() { RetrySchedule = [.. DeliveryOptions.DefaultRetrySchedule] };

    [Fact]
    public void Validate_Succeeds_WhenDefaultsAreUsed()
    {
        Assert.True(new DeliveryOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void Validate_NamesEveryKeyOfTheTimingRule_WhenTheLeaseIsNotLongerThanWaitAheadTimeoutAndSettle()
    {
        var options = Valid();
        options.LeaseDuration = TimeSpan.FromSeconds(90); // exactly 30 s + 30 s + 30 s: not longer

        var result = new DeliveryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.Contains("Webhooks:Delivery:LeaseDuration (00:01:30) must be longer than", message);
        Assert.Contains("Webhooks:Delivery:MaxWaitAhead (00:00:30)", message);
        Assert.Contains("Webhooks:Delivery:MaxTimeoutSeconds (30 s)", message);
        Assert.Contains("Webhooks:Delivery:SettleAllowance (00:00:30)", message);
    }

    [Fact]
    public void Validate_Fails_WhenTheDefaultTimeoutExceedsTheLongestAllowed()
    {
        var options = Valid();
        options.DefaultTimeoutSeconds = 40;

        var result = new DeliveryOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("Webhooks:Delivery:DefaultTimeoutSeconds (40) must not exceed Webhooks:Delivery:MaxTimeoutSeconds (30)"));
    }

    [Fact]
    public async Task StartAsync_RefusesToStartWithTheRuleInTheMessage_WhenTheLeaseIsTooShort()
    {
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:LeaseDuration"] = "00:00:30" }, start: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Contains("Webhooks:Delivery:LeaseDuration (00:00:30) must be longer than", error.Message);
    }
}

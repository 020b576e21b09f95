using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;

namespace Webhooks.Tests.Core.Delivery;

public class RetryPolicyTests
{
    private static readonly DateTime T0 = new(2025, 10, 17, 10, 30, 0, DateTimeKind.Utc);

    private static RetryPolicy Policy(double jitter = 0, double random = 0) => new(new DeliveryOptions
    {
        RetrySchedule = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)],
        RetryJitter = jitter,
        MaxRetryAfter = TimeSpan.FromHours(1),
    }, () => random);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 30)]
    public void NextAttemptAt_FollowsSchedule_WhenAttemptFails(int attemptsMade, int seconds)
    {
        Assert.Equal(T0.AddSeconds(seconds), Policy().NextAttemptAt(attemptsMade, T0));
    }

    [Fact]
    public void NextAttemptAt_ReturnsNull_WhenScheduleIsUsedUp()
    {
        Assert.Null(Policy().NextAttemptAt(4, T0));
    }

    [Fact]
    public void NextAttemptAt_OnlyAddsJitter_WhenJitterConfigured()
    {
        Assert.Equal(T0.AddSeconds(5), Policy(jitter: 0.2, random: 0).NextAttemptAt(2, T0));
        Assert.Equal(T0.AddSeconds(6), Policy(jitter: 0.2, random: 1).NextAttemptAt(2, T0));
        Assert.Equal(T0.AddSeconds(5.5), Policy(jitter: 0.2, random: 0.5).NextAttemptAt(2, T0));
    }

    [Fact]
    public void NextAttemptAt_UsesRetryAfter_WhenLongerThanScheduleAndCapsIt()
    {
        Assert.Equal(T0.AddSeconds(120), Policy().NextAttemptAt(1, T0, TimeSpan.FromSeconds(120)));
        Assert.Equal(T0.AddSeconds(1), Policy().NextAttemptAt(1, T0, TimeSpan.Zero));
        Assert.Equal(T0.AddHours(1), Policy().NextAttemptAt(1, T0, TimeSpan.FromHours(5)));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(500, false)]
    [InlineData(400, false)]
    public void ReadRetryAfter_HonoursHeader_OnlyForThrottlingStatuses(int status, bool honoured)
    {
        var value = RetryPolicy.ReadRetryAfter(status, new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)), T0);

        Assert.Equal(honoured ? TimeSpan.FromSeconds(30) : null, value);
    }

    [Fact]
    public void ReadRetryAfter_ReadsHttpDate_WhenGivenAsDate()
    {
        var header = RetryConditionHeaderValue.Parse(T0.AddMinutes(2).ToString("R"));

        Assert.Equal(TimeSpan.FromMinutes(2), RetryPolicy.ReadRetryAfter(503, header, T0));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.ReadRetryAfter(503, header, T0.AddMinutes(5)));
    }

    [Fact]
    public void Validator_RefusesSchedule_WhenEmptyTooLongOrOutOfRange()
    {
        var validator = new DeliveryOptionsValidator();

        Assert.True(validator.Validate(null, new DeliveryOptions { RetrySchedule = [TimeSpan.FromSeconds(1)] }).Succeeded);
        Assert.True(validator.Validate(null, new DeliveryOptions { RetrySchedule = [] }).Failed);
        Assert.True(validator.Validate(null, new DeliveryOptions { RetrySchedule = Enumerable.Repeat(TimeSpan.FromSeconds(1), 21).ToArray() }).Failed);
        Assert.True(validator.Validate(null, new DeliveryOptions { RetrySchedule = [TimeSpan.Zero] }).Failed);
        Assert.True(validator.Validate(null, new DeliveryOptions { RetrySchedule = [TimeSpan.FromDays(2)] }).Failed);
        Assert.True(validator.Validate(null, new DeliveryOptions { RetrySchedule = [TimeSpan.FromSeconds(1)], AllowedLocalOrigins = ["not a url"] }).Failed);
    }
}

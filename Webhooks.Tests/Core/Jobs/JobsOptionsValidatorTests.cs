using Microsoft.Extensions.Options;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

public class JobsOptionsValidatorTests
{
    [Fact]
    public void Validate_Succeeds_WhenDefaultsAreUsed()
    {
        Assert.True(new JobsOptionsValidator().Validate(null, new JobsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_NamesBothKeys_WhenServerTimeoutIsNotTwiceTheHeartbeat()
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), ServerTimeout = TimeSpan.FromSeconds(9) });

        var error = Assert.Single(result.Failures!);
        Assert.Contains("Webhooks:Jobs:ServerTimeout", error);
        Assert.Contains("Webhooks:Jobs:HeartbeatInterval", error);
    }

    [Theory]
    [InlineData("00:00:00.050")]
    [InlineData("00:05:00.001")]
    public void Validate_NamesTheKey_WhenStoppedConsoleCheckIntervalIsOutOfRange(string interval)
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions { StoppedConsoleCheckInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains("Webhooks:Jobs:StoppedConsoleCheckInterval must be between", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("hourly")]
    [InlineData("0 * *")]
    public void Validate_Fails_WhenRetentionScheduleIsNotACronExpression(string schedule)
    {
        var result = new JobsOptionsValidator().Validate(null, new JobsOptions { RetentionSchedule = schedule });

        Assert.Contains("Webhooks:Jobs:RetentionSchedule", Assert.Single(result.Failures!));
    }

    [Fact]
    public async Task StartAsync_RefusesToStartWithTheKeyInTheMessage_WhenHangfireCannotReadTheSchedule()
    {
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Jobs:RetentionSchedule"] = "61 * * * *" }, start: false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Contains("Webhooks:Jobs:RetentionSchedule '61 * * * *'", error.Message);
    }
}

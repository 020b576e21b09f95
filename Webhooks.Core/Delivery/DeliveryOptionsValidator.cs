using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery;

/// <summary>The checks data annotations cannot express: the retry schedule's shape and the allowed origins.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public const int MaxRetries = 20;

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var errors = new List<string>();
        var schedule = options.RetrySchedule ?? [];
        if (schedule.Length is < 1 or > MaxRetries)
            errors.Add($"{DeliveryOptions.Section}:RetrySchedule must have 1 to {MaxRetries} entries.");
        for (var i = 0; i < schedule.Length; i++)
        {
            if (schedule[i] <= TimeSpan.Zero || schedule[i] > TimeSpan.FromDays(1))
                errors.Add($"{DeliveryOptions.Section}:RetrySchedule:{i} must be above zero and at most one day (got {schedule[i]}).");
        }
        foreach (var origin in options.AllowedLocalOrigins ?? [])
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{DeliveryOptions.Section}:AllowedLocalOrigins entry '{origin}' is not an http(s) origin.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

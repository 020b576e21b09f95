using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery;

/// <summary>The checks data annotations cannot express: the retry schedule's shape, the lease's timing budget and the allowed origins.</summary>
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
        if (TimingError(options) is { } timing)
            errors.Add(timing);
        if (options.DefaultTimeoutSeconds > options.MaxTimeoutSeconds)
            errors.Add($"{Key(nameof(DeliveryOptions.DefaultTimeoutSeconds))} ({options.DefaultTimeoutSeconds}) must not exceed {Key(nameof(DeliveryOptions.MaxTimeoutSeconds))} ({options.MaxTimeoutSeconds}).");
        foreach (var origin in options.AllowedLocalOrigins ?? [])
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{DeliveryOptions.Section}:AllowedLocalOrigins entry '{origin}' is not an http(s) origin.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The one timing rule: a lease outlasts the longest a live dispatcher may hold its delivery
    /// (waiting ahead, then sending, then settling). Otherwise the lease runs out under a delivery
    /// still in hand, and it is claimed and sent a second time.
    /// </summary>
    private static string? TimingError(DeliveryOptions o)
    {
        var budget = o.MaxWaitAhead + TimeSpan.FromSeconds(o.MaxTimeoutSeconds) + o.SettleAllowance;
        if (o.LeaseDuration > budget)
            return null;
        return $"{Key(nameof(DeliveryOptions.LeaseDuration))} ({o.LeaseDuration}) must be longer than " +
            $"{Key(nameof(DeliveryOptions.MaxWaitAhead))} ({o.MaxWaitAhead}) + {Key(nameof(DeliveryOptions.MaxTimeoutSeconds))} ({o.MaxTimeoutSeconds} s) + " +
            $"{Key(nameof(DeliveryOptions.SettleAllowance))} ({o.SettleAllowance}) = {budget}: a lease that runs out while its delivery " +
            "is still waiting, sending or being recorded lets it be claimed and sent twice. Lengthen the lease or shorten the others.";
    }

    private static string Key(string name) => $"{DeliveryOptions.Section}:{name}";
}

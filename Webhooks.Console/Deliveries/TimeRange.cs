namespace Webhooks.Console.Deliveries;

/// <summary>The grid's time-range choices.</summary>
public enum TimeRange
{
    All = 0,
    LastHour = 1,
    Last24Hours = 2,
    Last7Days = 3,
    Custom = 4,
}

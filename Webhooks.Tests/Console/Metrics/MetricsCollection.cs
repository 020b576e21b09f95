namespace Webhooks.Tests.Console.Metrics;

/// <summary>
/// Tests that read counters run alone: OpenTelemetry's listener hears every meter of the name
/// "Webhooks" in the process, so deliveries made by other tests' consoles at the same time would be
/// counted too. (The product runs one console per process.)
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}

using Webhooks.Console.Bench;

namespace Webhooks.Tests.Console.Bench;

/// <summary>The bench's logic with tiny numbers: everything published arrives, signed right. No timing is asserted (shared machines).</summary>
public sealed class BenchRunnerTests
{
    [Fact]
    public async Task RunAsync_LosesNothingAndVerifiesEverySignature_WhenRunWithTinyNumbers()
    {
        var options = new BenchOptions
        {
            Events = 30,
            Endpoints = 2,
            PayloadBytes = 512,
            Rate = 100,
            LatencySeconds = 0.2,
            IdleRepeats = 2,
            IdleSeconds = 0.2,
            Grid = true,
            GridAttempts = 300,
            PhaseTimeout = TimeSpan.FromSeconds(60),
        };

        var result = await BenchRunner.RunAsync(options, TextWriter.Null);

        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.SignatureFailures);
        Assert.Equal(60, result.Deliveries);
        Assert.Equal(60, result.AttemptsPersisted);
        Assert.NotNull(result.GridFirstPageMs);
        Assert.Contains("\"idleCpuPercent\":", result.ToJsonLine());
        Assert.Contains("\"lost\":0", result.ToJsonLine());
    }

    [Fact]
    public void Parse_ReadsEveryOption_WhenGivenTheDocumentedCommandLine()
    {
        var options = BenchOptions.Parse(["grid", "--events", "200", "--endpoints", "3", "--payload-bytes", "2048", "--rate", "500", "--idle-seconds", "10"]);

        Assert.True(options.Grid);
        Assert.Equal(10, options.IdleSeconds);
        Assert.Equal((200, 3, 2048, 500), (options.Events, options.Endpoints, options.PayloadBytes, options.Rate));
    }

    [Fact]
    public void Parse_Throws_WhenAnOptionIsUnknownOrOutOfRange()
    {
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--fast"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--events", "0"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--rate"]));
    }
}

using Webhooks.Console.Bench;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Bench;

/// <summary>The bench's logic with tiny numbers: everything published arrives, signed right. No timing is asserted (shared machines).</summary>
public sealed class BenchRunnerTests
{
    private static readonly BenchOptions Tiny = new()
    {
        Events = 30,
        Endpoints = 2,
        Rate = 100,
        LatencySeconds = 0.2,
        LatencyWarmUpSeconds = 0.1,
        CeilingWarmUpSeconds = 0,
        DispatchWarmUpSeconds = 0.01,
        IdleRepeats = 2,
        IdleSeconds = 0.2,
        PhaseTimeout = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task RunAsync_LosesNothingAndVerifiesEverySignature_WhenRunWithTinyNumbers()
    {
        var options = Tiny with { PayloadBytes = 512, Grid = true, GridAttempts = 300 };

        var result = await BenchRunner.RunAsync(options, TextWriter.Null);

        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.SignatureFailures);
        Assert.Equal(60, result.Deliveries);
        Assert.Equal(60, result.AttemptsPersisted);
        Assert.NotNull(result.GridFirstPageMs);
        // Two endpoints may have 16 connections open: the fair ceiling has as many, the bare one 64.
        Assert.Equal(16, result.CeilingConnections);
        Assert.True(result.CeilingBarePerSec > 0);
        // The fair ceiling is measured on both sides of the dispatcher; the ratio reads their mean.
        Assert.True(result.CeilingBeforePerSec > 0 && result.CeilingAfterPerSec > 0);
        Assert.Equal((result.CeilingBeforePerSec + result.CeilingAfterPerSec) / 2, result.CeilingPerSec, 1.0);
        Assert.True(result.CpuMsPerDelivery > 0);
        Assert.Contains("\"idleCpuPercent\":", result.ToJsonLine());
        Assert.Contains("\"lost\":0", result.ToJsonLine());
    }

    [Fact]
    public async Task RunAsync_LosesNothingAndVerifiesEverySignature_WhenTwoConsolesShareAPostgreSqlDatabase()
    {
        var cluster = await PostgresCluster.Shared;
        var options = Tiny with { Provider = DatabaseProvider.PostgreSql, Instances = 2, PostgreSqlServer = cluster.ConnectionString("postgres") };

        var result = await BenchRunner.RunAsync(options, TextWriter.Null);

        Assert.Equal((0L, 0L), (result.Lost, result.SignatureFailures));
        Assert.Equal((60, 60L), (result.Deliveries, result.AttemptsPersisted));
        Assert.Equal(("postgresql", 2), (result.Provider, result.Instances));
        // Two endpoints may have 16 connections open from both consoles together; the bare ceiling has both consoles' 64.
        Assert.Equal((16, true), (result.CeilingConnections, result.CeilingBarePerSec > 0));
    }

    [Theory]
    [InlineData("--instances 2", "--instances 2 needs --provider postgresql")]
    [InlineData("--provider oracle", "--provider must be sqlite or postgresql, not 'oracle'")]
    public void Parse_SaysWhatIsWrong_WhenTheDatabaseOptionsDoNotFit(string arguments, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(arguments.Split(' ')));

        Assert.StartsWith(message, ex.Message);
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
    public async Task RunAsync_ThrowsNamingTheCeilingPhase_WhenItHasNoTimeAtAll()
    {
        var options = new BenchOptions { Events = 10, Endpoints = 1, PhaseTimeout = TimeSpan.Zero };

        var ex = await Assert.ThrowsAsync<BenchTimeoutException>(() => BenchRunner.RunAsync(options, TextWriter.Null));

        Assert.Equal("ceiling (8 connections)", ex.Phase);
        Assert.StartsWith("bench: the ceiling (8 connections) phase ran out of time after 0 s: 0 of 11 posts answered", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task WaitAsync_ThrowsSayingWhatWasDone_WhenTheConditionNeverHolds()
    {
        var ex = await Assert.ThrowsAsync<BenchTimeoutException>(() =>
            BenchTimeoutException.WaitAsync("dispatch", () => false, TimeSpan.Zero, () => "3 of 8 deliveries received"));

        Assert.Equal("bench: the dispatch phase ran out of time after 0 s: 3 of 8 deliveries received", ex.Message);
    }

    [Fact]
    public void Parse_ReadsASweepWithTheSamePendingDeliveriesPerLine_WhenEndpointsAreAList()
    {
        var options = BenchOptions.Parse(["--endpoints", "1,8,64"]);

        Assert.Equal([1, 8, 64], options.EndpointCounts);
        Assert.Equal([100_000, 12_500, 1_562], options.EndpointCounts.Select(n => options.ForEndpoints(n).Events));
        Assert.Equal(64, options.ForEndpoints(64).Endpoints);
    }

    [Fact]
    public void Parse_KeepsTheEventsPerLine_WhenEventsAreGiven()
    {
        var options = BenchOptions.Parse(["--events", "500", "--endpoints", "2,4", "--phase-seconds", "90"]);

        Assert.Equal([1_000, 2_000], options.EndpointCounts.Select(n => options.ForEndpoints(n).Deliveries));
        Assert.Equal(TimeSpan.FromSeconds(90), options.PhaseTimeout);
    }

    [Fact]
    public void Parse_Throws_WhenAnOptionIsUnknownOrOutOfRange()
    {
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--fast"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--events", "0"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--rate"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--endpoints", "1,,8"]));
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--endpoints", "8,8"]));
    }
}

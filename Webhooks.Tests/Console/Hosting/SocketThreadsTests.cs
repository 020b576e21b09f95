using Webhooks.Console.Hosting;

namespace Webhooks.Tests.Console.Hosting;

public sealed class SocketThreadsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(44)]
    public void Choose_GivesTwo_WhenUnsetOnAMachineOfFewCores(int cores) =>
        Assert.Equal(2, SocketThreads.Choose(null, cores, arm: false));

    [Theory]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("")]
    public void Choose_LeavesTheOperatorsCount_WhenTheVariableIsSet(string current) =>
        Assert.Null(SocketThreads.Choose(current, 2, arm: false));

    [Theory]
    [InlineData(1, false)]
    [InlineData(45, false)]
    [InlineData(128, false)]
    [InlineData(12, true)]
    [InlineData(64, true)]
    public void Choose_SetsNothing_WhenOneCoreOrDotNetStartsTwoAnyway(int cores, bool arm) =>
        Assert.Null(SocketThreads.Choose(null, cores, arm));
}

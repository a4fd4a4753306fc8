using DeltaFunctions.Pipelines.Hosting;

namespace DeltaFunctions.Pipelines.Tests.Hosting;

public sealed class OrchestrationStatusesTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("Completed", true)]
    [InlineData("Failed", true)]
    [InlineData("Terminated", true)]
    [InlineData("Canceled", true)]
    [InlineData("Running", false)]
    [InlineData("Pending", false)]
    [InlineData("Suspended", false)]
    [InlineData("ContinuedAsNew", false)]
    [InlineData("SomethingNew", false)]
    public void CanStartSingleton_ByStatus(string? status, bool expected)
    {
        var canStart = OrchestrationStatuses.CanStartSingleton(status);

        Assert.Equal(expected, canStart);
        Assert.Equal(!expected, OrchestrationStatuses.IsRunning(status));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("Running", false)]
    [InlineData("Pending", false)]
    [InlineData("Completed", false)]
    [InlineData("Failed", false)]
    [InlineData("Terminated", false)]
    public void ShouldStartFromMessage_OnlyWhenNoInstanceExists(string? status, bool expected)
    {
        var start = OrchestrationStatuses.ShouldStartFromMessage(status);

        Assert.Equal(expected, start);
    }
}

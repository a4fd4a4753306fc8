using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class WaitOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var sut = new WaitOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), sut.InitialDelay);
        Assert.Equal(1.5, sut.BackoffFactor);
        Assert.Equal(TimeSpan.FromSeconds(15), sut.MaxDelay);
        Assert.Equal(Timeout.InfiniteTimeSpan, sut.Timeout);
        Assert.False(sut.CancelOnTimeout);
        Assert.Null(sut.Progress);
    }

    public static TheoryData<WaitOptions, string> InvalidOptions() => new()
    {
        { new WaitOptions { InitialDelay = TimeSpan.Zero }, nameof(WaitOptions.InitialDelay) },
        { new WaitOptions { BackoffFactor = 0.5 }, nameof(WaitOptions.BackoffFactor) },
        { new WaitOptions { BackoffFactor = double.NaN }, nameof(WaitOptions.BackoffFactor) },
        { new WaitOptions { BackoffFactor = double.PositiveInfinity }, nameof(WaitOptions.BackoffFactor) },
        { new WaitOptions { MaxDelay = TimeSpan.FromMilliseconds(10) }, nameof(WaitOptions.MaxDelay) },
        { new WaitOptions { Timeout = TimeSpan.Zero }, nameof(WaitOptions.Timeout) },
        { new WaitOptions { Timeout = TimeSpan.FromSeconds(-5) }, nameof(WaitOptions.Timeout) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_OutOfRange_ThrowsNamingTheOption(WaitOptions sut, string expectedName)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(sut.Validate);

        Assert.Equal(expectedName, error.ParamName);
    }

    [Fact]
    public void Validate_LongTimeout_IsAccepted()
    {
        var sut = new WaitOptions { Timeout = TimeSpan.FromDays(7), BackoffFactor = 1 };

        sut.Validate();

        Assert.Equal(TimeSpan.FromDays(7), new RunWaitPolicy(sut).Options.Timeout);
    }
}

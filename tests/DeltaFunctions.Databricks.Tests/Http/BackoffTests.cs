using DeltaFunctions.Databricks.Http;

namespace DeltaFunctions.Databricks.Tests.Http;

public sealed class BackoffTests
{
    private static readonly DatabricksClientOptions Options = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
        RetryAfterMax = TimeSpan.FromSeconds(60),
    };

    [Theory]
    [InlineData(0, 0.0, 1050)]
    [InlineData(0, 1.0, 1250)]
    [InlineData(1, 0.0, 2100)]
    [InlineData(3, 0.5, 9200)]
    [InlineData(10, 0.0, 31500)]
    [InlineData(10, 1.0, 37500)]
    public void ComputeDelay_NoRetryAfter_IsExponentialFromOneSecondPlus5To25PercentJitter(int attempt, double random, double expectedMs)
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(attempt, null, Options, random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void ComputeDelay_RetryAfterWithinClamp_IsObeyedExactly()
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(4, TimeSpan.FromSeconds(7), Options, 0.5);

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    public void ComputeDelay_RetryAfterBelowOneSecond_IsRaisedToOneSecond(int milliseconds)
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(0, TimeSpan.FromMilliseconds(milliseconds), Options, 0.0);

        Assert.Equal(TimeSpan.FromSeconds(1), delay);
    }

    [Fact]
    public void ComputeDelay_RetryAfterAboveCap_IsCapped()
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(0, TimeSpan.FromHours(2), Options, 0.0);

        Assert.Equal(TimeSpan.FromSeconds(60), delay);
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool ComputeDelay_AnyAttemptAndJitter_StaysWithinBounds(byte attempt, ushort jitterBits, ushort retryAfterSeconds, bool hasRetryAfter)
    {
        var random = jitterBits / 65536.0;
        TimeSpan? retryAfter = hasRetryAfter ? TimeSpan.FromSeconds(retryAfterSeconds % 200) : null;

        var delay = DatabricksResiliencePipeline.ComputeDelay(attempt, retryAfter, Options, random);

        var ms = delay.TotalMilliseconds;
        if (retryAfter is { } asked)
        {
            return ms == Math.Clamp(asked.TotalMilliseconds, 1000, 60_000);
        }

        var backoff = Math.Min(Options.RetryMaxDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min((int)attempt, 30)));
        return ms >= (backoff * 1.05) - 0.001 && ms <= (backoff * 1.25) + 0.001;
    }
}

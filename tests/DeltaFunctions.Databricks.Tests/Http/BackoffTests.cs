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
    [InlineData(0, 0.0, 500)]
    [InlineData(0, 0.999999, 1000)]
    [InlineData(1, 0.0, 1000)]
    [InlineData(3, 0.0, 4000)]
    [InlineData(10, 0.0, 15000)]
    [InlineData(10, 0.999999, 30000)]
    public void ComputeDelay_NoRetryAfter_IsExponentialWithEqualJitter(int attempt, double random, double expectedMs)
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(attempt, null, Options, random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 0);
    }

    [Fact]
    public void ComputeDelay_RetryAfterAboveBackoff_IsTheFloor()
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(0, TimeSpan.FromSeconds(7), Options, 0.5);

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
    }

    [Fact]
    public void ComputeDelay_RetryAfterBelowBackoff_KeepsBackoff()
    {
        var delay = DatabricksResiliencePipeline.ComputeDelay(4, TimeSpan.FromSeconds(1), Options, 0.0);

        Assert.Equal(TimeSpan.FromSeconds(8), delay);
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

        var ceiling = Math.Min(Options.RetryMaxDelay.TotalMilliseconds, Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min((int)attempt, 30)));
        var floor = retryAfter is { } r ? Math.Min(r.TotalMilliseconds, Options.RetryAfterMax.TotalMilliseconds) : 0;
        var ms = delay.TotalMilliseconds;
        return ms >= (ceiling / 2) - 0.001
            && ms >= floor - 0.001
            && ms <= Math.Max(ceiling, floor) + 0.001
            && ms <= Math.Max(Options.RetryMaxDelay.TotalMilliseconds, Options.RetryAfterMax.TotalMilliseconds);
    }
}

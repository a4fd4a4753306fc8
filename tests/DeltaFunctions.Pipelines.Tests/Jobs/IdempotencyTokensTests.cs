using DeltaFunctions.Pipelines.Jobs;

namespace DeltaFunctions.Pipelines.Tests.Jobs;

public sealed class IdempotencyTokensTests
{
    [Fact]
    public void ForJobStep_SameInstanceAndStep_SameToken()
    {
        var first = IdempotencyTokens.ForJobStep("instance-1", "load");

        var second = IdempotencyTokens.ForJobStep("instance-1", "load");

        Assert.Equal(first, second);
        Assert.StartsWith("df-", first, StringComparison.Ordinal);
        Assert.InRange(first.Length, 1, 64);
    }

    [Theory]
    [InlineData("instance-2", "load")]
    [InlineData("instance-1", "extract")]
    [InlineData("instance-1/load", "")]
    public void ForJobStep_DifferentInstanceOrStep_DifferentToken(string instanceId, string stepKey)
    {
        var token = IdempotencyTokens.ForJobStep("instance-1", "load");

        var other = stepKey.Length == 0 ? IdempotencyTokens.ForJobStep("instance-1", "/load") : IdempotencyTokens.ForJobStep(instanceId, stepKey);

        Assert.NotEqual(token, other);
    }

    [Fact]
    public void ForJobStep_LongInstanceAndStep_StaysWithinDatabricks64Characters()
    {
        var token = IdempotencyTokens.ForJobStep(new string('i', 5000), new string('s', 5000));

        Assert.Equal(43, token.Length);
        Assert.Matches("^df-[0-9a-f]{40}$", token);
    }
}

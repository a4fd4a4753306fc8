using DeltaFunctions.App.Hosting;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class OrchestrationInstanceIdsTests
{
    [Theory]
    [InlineData("3f2b9c1e-7a8d-4c55-9f0e-1b2c3d4e5f60")]
    [InlineData("order-42:attempt")]
    public void FromMessageId_UsableId_TheMessageIdItself(string messageId)
    {
        var instanceId = OrchestrationInstanceIds.FromMessageId(messageId);

        Assert.Equal(messageId, instanceId);
    }

    [Theory]
    [InlineData("orders/42")]
    [InlineData("a#b")]
    [InlineData("what?")]
    [InlineData("back\\slash")]
    [InlineData("@entity")]
    [InlineData("tab\tid")]
    public void FromMessageId_ForbiddenCharacter_StableDigestForm(string messageId)
    {
        var first = OrchestrationInstanceIds.FromMessageId(messageId);

        var redelivered = OrchestrationInstanceIds.FromMessageId(messageId);

        Assert.Equal(first, redelivered);
        Assert.StartsWith("msg-", first, StringComparison.Ordinal);
        Assert.Equal(44, first.Length);
        Assert.True(OrchestrationInstanceIds.IsUsable(first));
    }

    [Fact]
    public void FromMessageId_128Characters_DigestFormWithinTheLimit()
    {
        var messageId = new string('m', 128);

        var instanceId = OrchestrationInstanceIds.FromMessageId(messageId);

        Assert.InRange(instanceId.Length, 1, OrchestrationInstanceIds.MaxLength);
        Assert.NotEqual(instanceId, OrchestrationInstanceIds.FromMessageId(new string('m', 127) + "n"));
    }

    [Fact]
    public void FromMessageId_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => OrchestrationInstanceIds.FromMessageId(string.Empty));
    }

    [Fact]
    public void FromIdempotencyKey_Key_PrefixedAndStable()
    {
        var instanceId = OrchestrationInstanceIds.FromIdempotencyKey("order-42");

        Assert.Equal("http-order-42", instanceId);
        Assert.NotEqual(OrchestrationInstanceIds.FromMessageId("order-42"), instanceId);
    }

    [Fact]
    public void FromIdempotencyKey_MaximumKey_DigestWithinTheLimit()
    {
        var instanceId = OrchestrationInstanceIds.FromIdempotencyKey(new string('k', 128));

        Assert.True(OrchestrationInstanceIds.IsUsable(instanceId));
        Assert.StartsWith("msg-", instanceId, StringComparison.Ordinal);
    }
}

using DeltaFunctions.App.Hosting;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class HttpRequestIdsTests
{
    [Fact]
    public void Choose_NoHeader_InvocationId()
    {
        var id = HttpRequestIds.Choose(null, "inv-1", out var problem);

        Assert.Equal("inv-1", id);
        Assert.Null(problem);
    }

    [Fact]
    public void Choose_ValidKey_TheKey()
    {
        var id = HttpRequestIds.Choose("order-42:v1", "inv-1", out var problem);

        Assert.Equal("order-42:v1", id);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Choose_UnusableKey_ProblemOnTheHeader(string key)
    {
        var id = HttpRequestIds.Choose(key, "inv-1", out var problem);

        Assert.Null(id);
        Assert.NotNull(problem);
        Assert.Equal("headers.Idempotency-Key", problem.Path);
        Assert.Equal(ValidationCodes.InvalidValue, problem.Code);
    }

    [Fact]
    public void Choose_KeyTooLong_Problem()
    {
        var id = HttpRequestIds.Choose(new string('k', HttpRequestIds.MaxKeyLength + 1), "inv-1", out var problem);

        Assert.Null(id);
        Assert.NotNull(problem);
    }
}

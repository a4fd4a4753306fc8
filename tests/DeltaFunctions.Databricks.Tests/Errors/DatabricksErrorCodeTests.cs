namespace DeltaFunctions.Databricks.Tests.Errors;

public sealed class DatabricksErrorCodeTests
{
    [Fact]
    public void Equality_SameString_AreEqual()
    {
        DatabricksErrorCode sut = "RESOURCE_DOES_NOT_EXIST";

        Assert.Equal(DatabricksErrorCode.ResourceDoesNotExist, sut);
        Assert.True(sut == DatabricksErrorCode.ResourceDoesNotExist);
        Assert.Equal(DatabricksErrorCode.ResourceDoesNotExist.GetHashCode(), sut.GetHashCode());
    }

    [Fact]
    public void Default_ReadsAsUnknown()
    {
        var sut = default(DatabricksErrorCode);

        Assert.Equal("UNKNOWN", sut.Value);
        Assert.Equal(DatabricksErrorCode.Unknown, sut);
    }

    [Theory]
    [InlineData("TABLE_DOES_NOT_EXIST", true)]
    [InlineData("NOT_FOUND", true)]
    [InlineData("RESOURCE_DOES_NOT_EXIST", true)]
    [InlineData("INVALID_STATE", false)]
    public void IsNotFound_ByCode(string code, bool expected)
    {
        var sut = new DatabricksErrorCode(code);

        Assert.Equal(expected, sut.IsNotFound);
    }

    [Fact]
    public void Constructor_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new DatabricksErrorCode(null!));
    }
}

using System.Net;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>Which submission failures move to the next result shape, and which ladder a statement walks.</summary>
public sealed class ResultShapeLadderTests
{
    [Theory]
    [InlineData(400, "INVALID_PARAMETER_VALUE", "Inline disposition only supports ARROW_STREAM format.")]
    [InlineData(400, "INVALID_PARAMETER_VALUE", "Incompatible parameters: The format field must be JSON_ARRAY when the disposition field is INLINE.")]
    [InlineData(501, "NOT_IMPLEMENTED", "ExternalLinks disposition is not yet implemented.")]
    [InlineData(400, "BAD_REQUEST", "Invalid disposition: INLINE_OR_EXTERNAL_LINKS is not enabled for this warehouse.")]
    public void IsRefusal_WarehouseRefusesThePair_True(int status, string code, string message) =>
        Assert.True(ResultShapeLadder.IsRefusal(new DatabricksException(message, new DatabricksErrorCode(code), (HttpStatusCode)status)));

    [Theory]
    [InlineData(400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0 seconds (disables wait), or between 5 seconds and 50 seconds; got 3s.")]
    [InlineData(404, "RESOURCE_DOES_NOT_EXIST", "Warehouse w does not exist; no disposition applies.")]
    [InlineData(403, "PERMISSION_DENIED", "You may not use this format field.")]
    [InlineData(503, "TEMPORARILY_UNAVAILABLE", "The disposition service is unavailable.")]
    public void IsRefusal_OtherRequestErrors_False(int status, string code, string message) =>
        Assert.False(ResultShapeLadder.IsRefusal(new DatabricksException(message, new DatabricksErrorCode(code), (HttpStatusCode)status)));

    [Fact]
    public void IsRefusal_FailedStatementMentioningDisposition_False()
    {
        var failed = new SqlStatementException(
            "s1",
            new StatementStatus
            {
                State = StatementState.Failed,
                Error = new StatementError { ErrorCode = "BAD_REQUEST", Message = "Inline byte limit exceeded. Please use disposition EXTERNAL_LINKS." },
            });

        Assert.False(ResultShapeLadder.IsRefusal(failed));
    }

    [Fact]
    public void For_ExplicitDisposition_OnlyThatPair()
    {
        var ladder = ResultShapeLadder.For(new SqlExecuteOptions { Format = ResultFormat.JsonArray, Disposition = ResultDisposition.ExternalLinks });

        Assert.Equal([new ResultShape(ResultFormat.JsonArray, ResultDisposition.ExternalLinks)], ladder);
    }

    [Fact]
    public void For_ArrowPreferred_NeverLeavesArrow()
    {
        var ladder = ResultShapeLadder.For(new SqlExecuteOptions { Format = ResultFormat.ArrowStream });

        Assert.Equal(ResultDisposition.ExternalLinks, ladder[0].Disposition);
        Assert.All(ladder, shape => Assert.Equal(ResultFormat.ArrowStream, shape.Format));
    }

    [Fact]
    public void ForLargeResult_AfterJsonInline_SkipsEveryInlineRung()
    {
        var larger = ResultShapeLadder.ForLargeResult(ResultShapeLadder.JsonRows, ResultShapeLadder.JsonRows[0]);

        Assert.Equal(["JSON_ARRAY+EXTERNAL_LINKS", "ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS", "ARROW_STREAM+EXTERNAL_LINKS"], larger.Select(s => s.ToString()));
    }
}

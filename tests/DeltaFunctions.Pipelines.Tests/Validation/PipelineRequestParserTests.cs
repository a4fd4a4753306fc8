using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Validation;

public sealed class PipelineRequestParserTests
{
    [Fact]
    public void ParseJobRunRequest_MinimalRequest_AppliesDefaults()
    {
        const string json = """{"jobs":[{"key":"load","jobId":42}]}""";

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        Assert.True(sut.IsValid, sut.Validation.ToString());
        Assert.Equal(PipelineExecutionMode.Sequence, sut.Value.Mode);
        Assert.Equal(3600, sut.Value.EffectiveTimeoutSeconds);
        Assert.True(sut.Value.EffectiveCancelOnTimeout);
        Assert.True(sut.Value.EffectiveStopOnFailure);
        Assert.Equal(42, sut.Value.Jobs[0].JobId);
    }

    [Theory]
    [InlineData("""{"jobs":[""")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"jobs":[]}} trailing""")]
    public void ParseJobRunRequest_MalformedJson_ReportsInvalidJsonAtRoot(string json)
    {
        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "$", ValidationCodes.InvalidJson);
        Assert.Null(sut.Value);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    public void ParseSqlRequest_RootNotObject_ReportsWrongTypeAtRoot(string json)
    {
        var sut = PipelineRequestParser.ParseSqlRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "$", ValidationCodes.WrongType);
    }

    [Fact]
    public void ParseMaintenancePlan_SeveralShapeProblems_ReportsEveryOne()
    {
        const string json = """
            {"tables":[
              {"name":"main.s.a","vacuumRetentionHours":"168"},
              {"vacuumRetentionHours":200,"days":["Funday"]},
              {"name":"main.s.c","zOrderBy":"id","colour":"red"},
              {"name":null}
            ],"statementTimeoutMinutes":1.5}
            """;

        var sut = PipelineRequestParser.ParseMaintenancePlan(json);

        ProblemAssert.HasProblem(sut.Validation, "tables[0].vacuumRetentionHours", ValidationCodes.WrongType);
        ProblemAssert.HasProblem(sut.Validation, "tables[1].name", ValidationCodes.Required);
        ProblemAssert.HasProblem(sut.Validation, "tables[1].days[0]", ValidationCodes.WrongType);
        ProblemAssert.HasProblem(sut.Validation, "tables[2].zOrderBy", ValidationCodes.WrongType);
        ProblemAssert.HasProblem(sut.Validation, "tables[2].colour", ValidationCodes.UnknownField);
        ProblemAssert.HasProblem(sut.Validation, "tables[3].name", ValidationCodes.WrongType);
        ProblemAssert.HasProblem(sut.Validation, "statementTimeoutMinutes", ValidationCodes.WrongType);
        Assert.Equal(7, sut.Validation.Problems.Count);
    }

    [Fact]
    public void ParseSqlRequest_DuplicateField_ReportsDuplicate()
    {
        const string json = """{"statement":"SELECT 1","statement":"DROP TABLE x"}""";

        var sut = PipelineRequestParser.ParseSqlRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "statement", ValidationCodes.DuplicateField);
    }

    [Fact]
    public void ParseJobRunRequest_NumberTooLargeForInt_ReportsWrongType()
    {
        const string json = """{"jobs":[{"key":"a","jobId":1}],"timeoutSeconds":99999999999}""";

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "timeoutSeconds", ValidationCodes.WrongType);
    }

    [Fact]
    public void ParseJobRunRequest_EnumAsNumber_ReportsWrongType()
    {
        const string json = """{"jobs":[{"key":"a","jobId":1}],"mode":1}""";

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "mode", ValidationCodes.WrongType);
    }

    [Fact]
    public void ParseJobRunRequest_EnumNameAnyCase_IsAccepted()
    {
        const string json = """{"jobs":[{"key":"a","jobId":1},{"key":"b","jobId":2}],"mode":"parallel"}""";

        var sut = PipelineRequestParser.ParseJobRunRequest(json);

        Assert.True(sut.IsValid, sut.Validation.ToString());
        Assert.Equal(PipelineExecutionMode.Parallel, sut.Value.Mode);
    }

    [Fact]
    public void ParseMergeRequest_OddPropertyName_PathUsesBracketNotation()
    {
        const string json = """{"targetTable":"main.s.t","keys":["id"],"rows":[{"id":1,"bad name":2}]}""";

        var sut = PipelineRequestParser.ParseMergeRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "rows[0]['bad name']", ValidationCodes.InvalidIdentifier);
    }

    [Fact]
    public void ToErrorDictionary_SeveralProblems_GroupsMessagesByPath()
    {
        var sut = PipelineRequestParser.ParseMergeRequest("""{"targetTable":"bad","keys":[]}""");

        var errors = sut.Validation.ToErrorDictionary();

        Assert.Contains("targetTable", errors.Keys);
        Assert.Contains("keys", errors.Keys);
        Assert.Contains("rows", errors.Keys);
    }
    [Fact]
    public void ParseMergeRequest_Latin1ColumnNameAndValue_InvalidAtEachFieldNotAnException()
    {
        var latin1 = System.Text.Encoding.Latin1;
        var body = latin1.GetBytes("""{"targetTable":"main.s.t","keys":["id"],"rows":[{"id":1,"città":"Forlì"}]}""");

        var sut = PipelineRequestParser.ParseMergeRequest(body);

        Assert.Null(sut.Value);
        ProblemAssert.HasProblem(sut.Validation, "rows[0]", ValidationCodes.InvalidJson);
        Assert.Contains(sut.Validation.Problems, p => p.Message.Contains("UTF-8", StringComparison.Ordinal));
    }
}

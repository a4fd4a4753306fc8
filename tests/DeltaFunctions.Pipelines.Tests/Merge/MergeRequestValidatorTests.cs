using DeltaFunctions.Pipelines.Merge;
using DeltaFunctions.Pipelines.Tests.Validation;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Merge;

public sealed class MergeRequestValidatorTests
{
    [Fact]
    public void Parse_UpsertWithRows_IsValidWithDefaults()
    {
        const string json = """{"targetTable":"main.sales.orders","keys":["id"],"rows":[{"id":1,"amt":10.5},{"id":2,"amt":null}]}""";

        var sut = PipelineRequestParser.ParseMergeRequest(json);

        ProblemAssert.Valid(sut.Validation);
        Assert.Equal(MergeMode.Upsert, sut.Value!.Mode);
        Assert.Equal(2, sut.Value.Rows!.Count);
        Assert.False(sut.Value.SchemaEvolution);
    }

    [Fact]
    public void Parse_RowsAfterDocumentDisposed_StayReadable()
    {
        var sut = PipelineRequestParser.ParseMergeRequest("""{"targetTable":"main.s.t","keys":["id"],"rows":[{"id":7}]}""");

        Assert.Equal(7, sut.Value!.Rows![0].GetProperty("id").GetInt32());
    }

    [Fact]
    public void Parse_RowProblems_ReportsEachWithRowPath()
    {
        const string json = """
            {"targetTable":"main.s.t","keys":["id","day"],"rows":[
              {"id":1,"day":"d1"},
              {"id":2},
              {"id":null,"day":"d"},
              {"id":1,"day":"d1"},
              [1,2],
              {"id":{"x":1},"day":"d"},
              {},
              {"id":5,"day":"d","ID":6}]}
            """;

        var sut = PipelineRequestParser.ParseMergeRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "rows[1].day", ValidationCodes.Required);
        ProblemAssert.HasProblem(sut.Validation, "rows[2].id", ValidationCodes.Required);
        ProblemAssert.HasProblem(sut.Validation, "rows[3]", ValidationCodes.Duplicate);
        ProblemAssert.HasProblem(sut.Validation, "rows[4]", ValidationCodes.WrongType);
        ProblemAssert.HasProblem(sut.Validation, "rows[5].id", ValidationCodes.WrongType);
        ProblemAssert.HasProblem(sut.Validation, "rows[6]", ValidationCodes.Required);
        ProblemAssert.HasProblem(sut.Validation, "rows[7].ID", ValidationCodes.Duplicate);
    }

    [Fact]
    public void Parse_KeyProblems_ReportsEachKeyPath()
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            """{"targetTable":"main.s.t","keys":["id","id; DROP TABLE t","ID"],"rows":[{"id":1}]}""");

        ProblemAssert.HasProblem(sut.Validation, "keys[1]", ValidationCodes.InvalidIdentifier);
        ProblemAssert.HasProblem(sut.Validation, "keys[2]", ValidationCodes.Duplicate);
    }

    [Fact]
    public void Parse_UpsertWithoutKeys_ReportsRequired()
    {
        var sut = PipelineRequestParser.ParseMergeRequest("""{"targetTable":"main.s.t","rows":[{"id":1}]}""");

        ProblemAssert.HasProblem(sut.Validation, "keys", ValidationCodes.Required);
    }

    [Fact]
    public void Parse_RowsAndSourcePath_ReportsConflict()
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            """{"targetTable":"main.s.t","keys":["id"],"rows":[{"id":1}],"sourcePath":"/Volumes/main/s/v/f.parquet"}""");

        ProblemAssert.HasProblem(sut.Validation, "sourcePath", ValidationCodes.Conflict);
    }

    [Fact]
    public void Parse_NeitherRowsNorSourcePath_ReportsConflict()
    {
        var sut = PipelineRequestParser.ParseMergeRequest("""{"targetTable":"main.s.t","keys":["id"]}""");

        ProblemAssert.HasProblem(sut.Validation, "rows", ValidationCodes.Conflict);
    }

    [Theory]
    [InlineData("/Volumes/main/s/v/batch-1/part.parquet")]
    [InlineData("/Volumes/main/s/v/staged")]
    public void Parse_StagedSourcePath_IsValid(string path)
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            $$"""{"targetTable":"main.s.t","keys":["id"],"sourcePath":"{{path}}","sourceFormat":"Json"}""");

        ProblemAssert.Valid(sut.Validation);
    }

    [Theory]
    [InlineData("/tmp/file.parquet")]
    [InlineData("/Volumes/main/s/v/")]
    [InlineData("/Volumes/main/s/v/../../other/x")]
    [InlineData("/Volumes/main/s/v/a'b")]
    [InlineData("/Volumes/main/s/v/*.parquet")]
    [InlineData("/Volumes/main/s")]
    [InlineData("/Volumes/ma in/s/v/x")]
    [InlineData("dbfs:/Volumes/main/s/v/x")]
    public void Parse_BadSourcePath_IsRejected(string path)
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            $$"""{"targetTable":"main.s.t","keys":["id"],"sourcePath":"{{path}}"}""");

        Assert.False(sut.IsValid);
        Assert.Contains(sut.Validation.Problems, p => p.Path == "sourcePath");
    }

    [Fact]
    public void Parse_ClauseProblems_ReportsEveryOne()
    {
        const string json = """
            {"targetTable":"main.s.t","keys":["id"],"rows":[{"id":1}],
             "clauses":{"update":"Columns","updateColumns":["amt","id","a b"],"deleteWhen":{"column":"op","value":{"x":1}}}}
            """;

        var sut = PipelineRequestParser.ParseMergeRequest(json);

        ProblemAssert.HasProblem(sut.Validation, "clauses.updateColumns[1]", ValidationCodes.Conflict);
        ProblemAssert.HasProblem(sut.Validation, "clauses.updateColumns[2]", ValidationCodes.InvalidIdentifier);
        ProblemAssert.HasProblem(sut.Validation, "clauses.deleteWhen.value", ValidationCodes.WrongType);
    }

    [Fact]
    public void Parse_ClausesThatDoNothing_ReportsConflict()
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            """{"targetTable":"main.s.t","keys":["id"],"rows":[{"id":1}],"clauses":{"update":"None","insert":false}}""");

        ProblemAssert.HasProblem(sut.Validation, "clauses", ValidationCodes.Conflict);
    }

    [Fact]
    public void Parse_AppendWithKeysClausesAndBadBatchId_ReportsEveryProblem()
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            """{"targetTable":"main.s.t","mode":"Append","keys":["id"],"clauses":{},"rows":[{"id":1}],"batchId":"has space"}""");

        ProblemAssert.HasProblem(sut.Validation, "keys", ValidationCodes.Conflict);
        ProblemAssert.HasProblem(sut.Validation, "clauses", ValidationCodes.Conflict);
        ProblemAssert.HasProblem(sut.Validation, "batchId", ValidationCodes.InvalidValue);
    }

    [Fact]
    public void Parse_AppendWithBatchId_IsValidWithoutKeys()
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            """{"targetTable":"main.s.events","mode":"Append","rows":[{"id":1},{"id":1}],"batchId":"msg-0001"}""");

        ProblemAssert.Valid(sut.Validation);
    }

    [Fact]
    public void Parse_TooManyRows_ReportsOutOfRange()
    {
        var rows = string.Join(',', Enumerable.Range(0, MergeRequest.MaxInlineRows + 1).Select(i => $$"""{"id":{{i}}}"""));

        var sut = PipelineRequestParser.ParseMergeRequest($$"""{"targetTable":"main.s.t","keys":["id"],"rows":[{{rows}}]}""");

        ProblemAssert.HasProblem(sut.Validation, "rows", ValidationCodes.OutOfRange);
    }

    [Fact]
    public void Parse_SourceFormatWithRows_ReportsConflict()
    {
        var sut = PipelineRequestParser.ParseMergeRequest(
            """{"targetTable":"main.s.t","keys":["id"],"rows":[{"id":1}],"sourceFormat":"Csv"}""");

        ProblemAssert.HasProblem(sut.Validation, "sourceFormat", ValidationCodes.Conflict);
    }
}

using DeltaFunctions.Pipelines.Sql;
using DeltaFunctions.Pipelines.Tests.Validation;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Sql;

public sealed class SqlRequestValidatorTests
{
    [Fact]
    public void Parse_ParameterisedStatement_IsValid()
    {
        const string json = """
            {"statement":"SELECT * FROM IDENTIFIER(:tbl) WHERE id = :id AND day >= :day AND raw:owner = 'x' AND c::string = ':nope' -- :comment\n/* :block */",
             "parameters":[{"name":"tbl","value":"main.sales.orders"},{"name":"id","value":"42","type":"BIGINT"},{"name":"day","value":"2026-11-23","type":"DATE"}],
             "warehouseId":"abc123","rowLimit":100,"replyTo":"sql-replies","catalog":"main","schema":"sales"}
            """;

        var sut = PipelineRequestParser.ParseSqlRequest(json);

        ProblemAssert.Valid(sut.Validation);
    }

    [Fact]
    public void Parse_MarkerWithoutParameterAndUnusedParameter_ReportsBoth()
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            """{"statement":"SELECT :a, :b","parameters":[{"name":"a","value":"1"},{"name":"c","value":"2"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "statement", ValidationCodes.Required);
        ProblemAssert.HasProblem(sut.Validation, "parameters[1].name", ValidationCodes.InvalidValue);
    }

    [Theory]
    [InlineData(":a")]
    [InlineData("1a")]
    [InlineData("a-b")]
    [InlineData("")]
    [InlineData("a b")]
    public void Parse_InvalidParameterName_ReportsInvalidIdentifier(string name)
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            $$"""{"statement":"SELECT 1","parameters":[{"name":"{{name}}","value":"1"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "parameters[0].name", ValidationCodes.InvalidIdentifier);
    }

    [Theory]
    [InlineData("BIGINT", "x")]
    [InlineData("INT", "3000000000")]
    [InlineData("DATE", "23/11/2026")]
    [InlineData("BOOLEAN", "yes")]
    [InlineData("DECIMAL(10,2)", "1,000")]
    public void Parse_ValueNotOfType_ReportsInvalidValue(string type, string value)
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            $$"""{"statement":"SELECT :p","parameters":[{"name":"p","value":"{{value}}","type":"{{type}}"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "parameters[0].value", ValidationCodes.InvalidValue);
    }

    [Theory]
    [InlineData("ARRAY<INT>")]
    [InlineData("STRUCT<a:INT>")]
    [InlineData("INT); DROP TABLE t; --")]
    public void Parse_UnsupportedType_ReportsInvalidValue(string type)
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            $$"""{"statement":"SELECT :p","parameters":[{"name":"p","value":"1","type":"{{type}}"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "parameters[0].type", ValidationCodes.InvalidValue);
    }

    [Fact]
    public void Parse_DecimalPrecisionTooLarge_ReportsOutOfRange()
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            """{"statement":"SELECT :p","parameters":[{"name":"p","value":"1","type":"DECIMAL(39,2)"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "parameters[0].type", ValidationCodes.OutOfRange);
    }

    [Fact]
    public void Parse_NullValue_IsSqlNull()
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            """{"statement":"SELECT :p","parameters":[{"name":"p","value":null,"type":"INT"}]}""");

        ProblemAssert.Valid(sut.Validation);
        Assert.Null(sut.Value!.Parameters![0].Value);
    }

    [Fact]
    public void Parse_StatementOver16MiB_ReportsTooLarge()
    {
        var statement = "SELECT '" + new string('x', SqlRequest.MaxStatementBytes) + "'";

        var sut = PipelineRequestParser.ParseSqlRequest($$"""{"statement":"{{statement}}"}""");

        ProblemAssert.HasProblem(sut.Validation, "statement", ValidationCodes.TooLarge);
    }

    [Fact]
    public void Parse_OtherFieldProblems_ReportsEveryOne()
    {
        var sut = PipelineRequestParser.ParseSqlRequest(
            """{"statement":"  ","warehouseId":"w/1","rowLimit":0,"replyTo":"-bad-","catalog":"a.b","schema":"s s","parameters":[{"name":"a"},{"name":"A"}]}""");

        ProblemAssert.HasProblem(sut.Validation, "statement", ValidationCodes.Required);
        ProblemAssert.HasProblem(sut.Validation, "warehouseId", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "rowLimit", ValidationCodes.OutOfRange);
        ProblemAssert.HasProblem(sut.Validation, "replyTo", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "catalog", ValidationCodes.InvalidIdentifier);
        ProblemAssert.HasProblem(sut.Validation, "schema", ValidationCodes.InvalidIdentifier);
        ProblemAssert.HasProblem(sut.Validation, "parameters[1].name", ValidationCodes.Duplicate);
    }
}

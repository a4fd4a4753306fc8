using DeltaFunctions.Pipelines.Tests.Validation;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Maintenance;

public sealed class MaintenancePlanValidatorTests
{
    [Fact]
    public void Parse_Plan_IsValidWithDefaults()
    {
        const string json = """
            {"tables":[{"name":"main.sales.orders","zOrderBy":["customer_id"],"days":["Sunday","Wednesday"]},{"name":"main.sales.items","vacuumRetentionHours":336}],
             "schedule":{"optimizeCron":"0 0 2 * * *","vacuumCron":"0 30 3 * * 0","timeZone":"Europe/Amsterdam"}}
            """;

        var sut = PipelineRequestParser.ParseMaintenancePlan(json);

        ProblemAssert.Valid(sut.Validation);
        Assert.Equal(168, sut.Value!.Tables[0].EffectiveRetentionHours);
        Assert.True(sut.Value.Tables[0].EffectiveOptimize);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Wednesday], sut.Value.Tables[0].Days);
    }

    [Fact]
    public void Parse_ShortRetentionWithoutOverride_ReportsOutOfRangeAtTablePath()
    {
        var sut = PipelineRequestParser.ParseMaintenancePlan(
            """{"tables":[{"name":"main.s.a"},{"name":"main.s.b"},{"name":"main.s.c","vacuumRetentionHours":24}]}""");

        ProblemAssert.HasProblem(sut.Validation, "tables[2].vacuumRetentionHours", ValidationCodes.OutOfRange);
        Assert.Single(sut.Validation.Problems);
    }

    [Fact]
    public void Parse_ShortRetentionWithOverride_IsValid()
    {
        var sut = PipelineRequestParser.ParseMaintenancePlan(
            """{"tables":[{"name":"main.s.c","vacuumRetentionHours":24,"allowShortRetention":true}]}""");

        ProblemAssert.Valid(sut.Validation);
    }

    [Fact]
    public void Parse_NegativeRetentionEvenWithOverride_ReportsOutOfRange()
    {
        var sut = PipelineRequestParser.ParseMaintenancePlan(
            """{"tables":[{"name":"main.s.c","vacuumRetentionHours":-1,"allowShortRetention":true}]}""");

        ProblemAssert.HasProblem(sut.Validation, "tables[0].vacuumRetentionHours", ValidationCodes.OutOfRange);
    }

    [Fact]
    public void Parse_TableProblems_ReportsEveryOne()
    {
        const string json = """
            {"tables":[{"name":"main.s.a","zOrderBy":["id","ID","x y"],"days":["Monday","monday"]},
                       {"name":"MAIN.S.A"},
                       {"name":"main.s","optimize":false,"vacuum":false}],
             "schedule":{"optimizeCron":"every night","timeZone":"Mars/Olympus"},"statementTimeoutMinutes":0,"warehouseId":"w h"}
            """;

        var sut = PipelineRequestParser.ParseMaintenancePlan(json);

        ProblemAssert.HasProblem(sut.Validation, "tables[0].zOrderBy[1]", ValidationCodes.Duplicate);
        ProblemAssert.HasProblem(sut.Validation, "tables[0].zOrderBy[2]", ValidationCodes.InvalidIdentifier);
        ProblemAssert.HasProblem(sut.Validation, "tables[0].days[1]", ValidationCodes.Duplicate);
        ProblemAssert.HasProblem(sut.Validation, "tables[1].name", ValidationCodes.Duplicate);
        ProblemAssert.HasProblem(sut.Validation, "tables[2].name", ValidationCodes.InvalidIdentifier);
        ProblemAssert.HasProblem(sut.Validation, "tables[2]", ValidationCodes.Conflict);
        ProblemAssert.HasProblem(sut.Validation, "schedule.optimizeCron", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "schedule.timeZone", ValidationCodes.InvalidValue);
        ProblemAssert.HasProblem(sut.Validation, "statementTimeoutMinutes", ValidationCodes.OutOfRange);
        ProblemAssert.HasProblem(sut.Validation, "warehouseId", ValidationCodes.InvalidValue);
    }

    [Fact]
    public void Parse_NoTables_ReportsOutOfRange()
    {
        var sut = PipelineRequestParser.ParseMaintenancePlan("""{"tables":[]}""");

        ProblemAssert.HasProblem(sut.Validation, "tables", ValidationCodes.OutOfRange);
    }
}

using DeltaFunctions.Pipelines.Hosting;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Validation;

namespace DeltaFunctions.Pipelines.Tests.Hosting;

public sealed class MaintenanceRunsTests
{
    private const string Plan = """{"tables":[{"name":"main.sales.orders","zOrderBy":["customer_id"],"days":["Sunday"]},{"name":"main.sales.items"}]}""";

    [Theory]
    [InlineData(MaintenanceTrigger.Optimize, MaintenanceOperations.Optimize)]
    [InlineData(MaintenanceTrigger.Vacuum, MaintenanceOperations.Vacuum)]
    public void Prepare_ValidPlan_OperationsOfTheTimer(MaintenanceTrigger trigger, MaintenanceOperations expected)
    {
        var preparation = MaintenanceRuns.Prepare(trigger, Plan);

        Assert.True(preparation.IsValid);
        Assert.Empty(preparation.Problems);
        Assert.Equal(expected, preparation.Request.Operations);
        Assert.Equal(["main.sales.orders", "main.sales.items"], preparation.Request.Plan.Tables.Select(t => t.Name));
        Assert.Equal([DayOfWeek.Sunday], preparation.Request.Plan.Tables[0].Days);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Prepare_NoPlan_RequiredProblemOnTheSetting(string? planJson)
    {
        var preparation = MaintenanceRuns.Prepare(MaintenanceTrigger.Optimize, planJson);

        Assert.False(preparation.IsValid);
        Assert.Null(preparation.Request);
        var problem = Assert.Single(preparation.Problems);
        Assert.Equal(MaintenanceSettings.PlanKey, problem.Path);
        Assert.Equal(ValidationCodes.Required, problem.Code);
    }

    [Fact]
    public void Prepare_InvalidPlan_EveryProblemPrefixedWithTheSetting()
    {
        var preparation = MaintenanceRuns.Prepare(
            MaintenanceTrigger.Vacuum, """{"tables":[{"name":"not a table"},{"name":"main.s.t","vacuumRetentionHours":1}]}""");

        Assert.False(preparation.IsValid);
        Assert.True(preparation.Problems.Count >= 2);
        Assert.All(preparation.Problems, p => Assert.StartsWith(MaintenanceSettings.PlanKey + ".tables[", p.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void Prepare_MalformedJson_ProblemAtTheSettingItself()
    {
        var preparation = MaintenanceRuns.Prepare(MaintenanceTrigger.Optimize, "{\"tables\":");

        var problem = Assert.Single(preparation.Problems);
        Assert.Equal(MaintenanceSettings.PlanKey, problem.Path);
        Assert.Equal(ValidationCodes.InvalidJson, problem.Code);
    }
}

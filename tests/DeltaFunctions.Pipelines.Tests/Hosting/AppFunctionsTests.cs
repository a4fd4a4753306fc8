using System.Text.RegularExpressions;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.Pipelines.Tests.Hosting;

/// <summary>
/// The App is not built here, so its sources are checked as text: every activity and orchestration the workflows
/// schedule by name has a function of that name, and the Service Bus triggers settle messages themselves.
/// </summary>
public sealed partial class AppFunctionsTests
{
    private static readonly string[] FunctionNames =
        [.. RepositoryFiles.AppSources().SelectMany(s => FunctionAttribute().Matches(s.Text)).Select(m => m.Groups[1].Value)];

    public static TheoryData<string> ScheduledNames =>
    [
        .. ConstantNames(typeof(JobRunActivityNames)).Select(n => nameof(JobRunActivityNames) + "." + n),
        .. ConstantNames(typeof(StatementActivityNames)).Select(n => nameof(StatementActivityNames) + "." + n),
        nameof(JobRunWorkflow) + "." + nameof(JobRunWorkflow.Name),
        nameof(MaintenanceWorkflow) + "." + nameof(MaintenanceWorkflow.Name),
    ];

    [Theory]
    [MemberData(nameof(ScheduledNames))]
    public void Functions_EveryNameTheWorkflowsSchedule_HasAFunction(string constant)
    {
        var declared = FunctionNames.Count(name => name == constant);

        Assert.Equal(1, declared);
    }

    [Fact]
    public void Functions_NamesAreUnique()
    {
        var duplicates = FunctionNames.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(duplicates);
        Assert.True(FunctionNames.Length >= 16);
    }

    [Fact]
    public void ServiceBusTriggers_SettleMessagesThemselves()
    {
        var triggers = RepositoryFiles.AppSources().SelectMany(s => ServiceBusTrigger().Matches(s.Text)).Select(m => m.Value).ToList();

        Assert.Equal(3, triggers.Count);
        Assert.All(triggers, trigger => Assert.Contains("AutoCompleteMessages = false", trigger, StringComparison.Ordinal));
        Assert.Equal(["\"job-requests\"", "\"merge-requests\"", "\"sql-requests\""], triggers.Select(t => QueueName().Match(t).Value).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> ConstantNames(Type type) =>
        type.GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => f.Name);

    [GeneratedRegex(@"\[Function\(([^)]+)\)\]")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\[ServiceBusTrigger\([^\]]+\]")]
    private static partial Regex ServiceBusTrigger();

    [GeneratedRegex("\"[a-z-]+\"")]
    private static partial Regex QueueName();
}

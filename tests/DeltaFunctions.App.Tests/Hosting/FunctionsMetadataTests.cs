using System.Text.RegularExpressions;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Sql;

namespace DeltaFunctions.App.Tests.Hosting;

/// <summary>
/// The functions.metadata the Worker SDK generated from the App (what the Functions host indexes) against the README's
/// function table and the names the workflows schedule.
/// </summary>
public sealed partial class FunctionsMetadataTests
{
    private static readonly IReadOnlyList<FunctionMetadata> Functions = RepositoryFiles.Functions();

    public static TheoryData<string> ScheduledNames =>
    [
        JobRunActivityNames.SubmitRun, JobRunActivityNames.GetRunStatus, JobRunActivityNames.CancelRun, JobRunActivityNames.GetRunOutput,
        StatementActivityNames.StartStatement, StatementActivityNames.GetStatementStatus, StatementActivityNames.CancelStatement,
    ];

    [Theory]
    [MemberData(nameof(ScheduledNames))]
    public void Metadata_EveryActivityTheWorkflowsCall_IsAnActivityFunction(string name) =>
        Assert.Equal("activityTrigger", Assert.Single(Functions, f => f.Name == name).TriggerType);

    [Fact]
    public void Metadata_Orchestrations_AreOrchestrationTriggers()
    {
        Assert.Equal("orchestrationTrigger", Assert.Single(Functions, f => f.Name == JobRunWorkflow.Name).TriggerType);
        Assert.Equal("orchestrationTrigger", Assert.Single(Functions, f => f.Name == MaintenanceWorkflow.Name).TriggerType);
        Assert.Equal(Functions.Count, Functions.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Metadata_TriggerFunctions_AreExactlyTheReadmeTable()
    {
        var triggers = Functions.Where(f => f.TriggerType is "httpTrigger" or "serviceBusTrigger" or "timerTrigger").Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(ReadmeRows().SelectMany(r => r.Names).Order(StringComparer.Ordinal), triggers);
    }

    [Fact]
    public void Metadata_HttpTriggers_MatchTheReadmeRoutesWithFunctionKeys()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["StartJobRunHttp"] = "POST /api/jobs/runs",
            ["MergeHttp"] = "POST /api/merge",
            ["SqlHttp"] = "POST /api/sql",
            ["SqlResultPageHttp"] = "GET /api/sql/{statementId}",
        };

        foreach (var (name, route) in expected)
        {
            var function = Assert.Single(Functions, f => f.Name == name);
            Assert.Equal("httpTrigger", function.TriggerType);
            Assert.Equal(route, $"{Assert.Single(function.Methods).ToUpperInvariant()} /api/{function.Route}");
            Assert.Equal("Function", function.AuthLevel);
            Assert.Contains(route, ReadmeRow(name).Trigger, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Metadata_QueueTriggers_SettleThemselvesOnTheReadmeQueues()
    {
        var queues = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["StartJobRunFromQueue"] = "job-requests",
            ["MergeFromQueue"] = "merge-requests",
            ["SqlFromQueue"] = "sql-requests",
        };

        Assert.Equal(queues.Keys.Order(StringComparer.Ordinal), Functions.Where(f => f.TriggerType == "serviceBusTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var (name, queue) in queues)
        {
            var function = Assert.Single(Functions, f => f.Name == name);
            Assert.Equal(queue, function.QueueName);
            Assert.Equal("ServiceBusConnection", function.Connection);
            Assert.False(function.AutoCompleteMessages);
            Assert.Contains($"queue `{queue}`", ReadmeRow(name).Trigger, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Metadata_Timers_ReadTheReadmeSchedules()
    {
        Assert.Equal("%Maintenance:OptimizeSchedule%", Assert.Single(Functions, f => f.Name == "MaintenanceOptimizeTimer").Schedule);
        Assert.Equal("%Maintenance:VacuumSchedule%", Assert.Single(Functions, f => f.Name == "MaintenanceVacuumTimer").Schedule);
        Assert.Contains("`%Maintenance:OptimizeSchedule%` / `%Maintenance:VacuumSchedule%`", ReadmeRow("MaintenanceOptimizeTimer").Trigger, StringComparison.Ordinal);
    }

    private static (string[] Names, string Trigger) ReadmeRow(string name) => ReadmeRows().Single(r => r.Names.Contains(name));

    // The README's table under "Running on Azure Functions": | `A` / `B` | trigger | what it does |
    private static IReadOnlyList<(string[] Names, string Trigger)> ReadmeRows()
    {
        var readme = RepositoryFiles.Read("README.md");
        var table = readme[readme.IndexOf("| Function | Trigger |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        return [.. table.Split('\n').Skip(2).Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (Names: BacktickedName().Matches(cells[1]).Select(m => m.Groups[1].Value).ToArray(), Trigger: cells[2]))];
    }

    [GeneratedRegex("`(\\w+)`")]
    private static partial Regex BacktickedName();
}

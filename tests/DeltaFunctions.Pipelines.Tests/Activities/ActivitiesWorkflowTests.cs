using DeltaFunctions.Pipelines.Activities;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Orchestration;
using DeltaFunctions.Pipelines.Tests.Handlers;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaFunctions.Pipelines.Tests.Activities;

/// <summary>The real activities under the workflows, in process, against the emulator with short real timers.</summary>
public sealed class ActivitiesWorkflowTests(PipelinesEmulator lakehouse) : IClassFixture<PipelinesEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MaintenanceWorkflow_OneMissingTable_OtherTableOptimizedAndVacuumed()
    {
        var table = PipelinesEmulator.NewTable("maint");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (1)", Ct);
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (2)", Ct);
        var activities = InProcessActivities.For(null, new StatementActivities(lakehouse.Client));
        var context = new InProcessOrchestrationContext("maint-1", activities, TimeProvider.System, NullLoggerFactory.Instance, Ct);
        var request = new MaintenanceRunRequest
        {
            Plan = new MaintenancePlan
            {
                Tables = [new MaintenanceTable { Name = "main.default.missing_maint_t" }, new MaintenanceTable { Name = table }],
                Polling = new PollingSettings { InitialIntervalSeconds = 1, MaxIntervalSeconds = 1 },
            },
        };

        var summary = await MaintenanceWorkflow.RunAsync(context, request, Ct);

        Assert.Equal(1, summary.Failed);
        Assert.Equal(1, summary.Succeeded);
        var done = Assert.Single(summary.Tables, t => t.Outcome == TableMaintenanceOutcome.Succeeded);
        Assert.Equal(table, done.Table);
        Assert.Equal(1, done.FilesAdded);
        Assert.True(done.FilesRemoved >= 2, $"OPTIMIZE compacted the two files: {done.FilesRemoved}");
        Assert.False(string.IsNullOrEmpty(Assert.Single(summary.Tables, t => t.Outcome == TableMaintenanceOutcome.Failed).Error));
    }

    [Fact]
    public async Task JobRunWorkflow_NotebookStep_SucceedsWithOutputThroughRealActivities()
    {
        lakehouse.Emulator.WriteSqlNotebook("/Shared/pipelines_wf/hello", "SELECT 'hello' AS greeting;");
        var activities = InProcessActivities.For(new JobRunActivities(lakehouse.Client.GetJobsClient()), null);
        var context = new InProcessOrchestrationContext("job-" + Guid.NewGuid().ToString("N")[..8], activities, TimeProvider.System, NullLoggerFactory.Instance, Ct);
        var request = new JobRunRequest
        {
            Jobs =
            [
                new JobStep
                {
                    Key = "hello",
                    Run = new JobRunDefinition
                    {
                        Tasks = [new JobTaskDefinition { TaskKey = "hello", NotebookTask = new NotebookTaskDefinition { NotebookPath = "/Workspace/Shared/pipelines_wf/hello" } }],
                    },
                },
            ],
            Polling = new PollingSettings { InitialIntervalSeconds = 1, MaxIntervalSeconds = 1 },
        };

        var result = await JobRunWorkflow.RunAsync(context, request, Ct);

        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        var step = Assert.Single(result.Steps);
        Assert.Equal("SUCCESS", step.ResultState);
        Assert.Contains("hello", step.NotebookOutput, StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Jobs;

public sealed class SimulatedFailureTests
{
    [Fact]
    public async Task Submit_FailingSimulatedTasks_FailTheRunAndSkipDependents()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorFixture.StartAsync(o => o with { SimulatedTaskSucceeds = false, SimulatedTaskDuration = TimeSpan.Zero }, ct);
        var sut = emulator.CreateClient();
        var body = new JsonObject
        {
            ["tasks"] = new JsonArray(
                new JsonObject { ["task_key"] = "a", ["spark_jar_task"] = new JsonObject { ["main_class_name"] = "Main" } },
                new JsonObject { ["task_key"] = "b", ["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "a" }), ["spark_jar_task"] = new JsonObject { ["main_class_name"] = "Main" } }),
        };

        var runId = (long)(await sut.PostJsonAsync("api/2.2/jobs/runs/submit", body, ct))["run_id"]!;
        var done = await Poll.UntilAsync(() => sut.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}", ct), r => (string?)r["status"]!["state"] == "TERMINATED", ct);

        Assert.Equal("Untitled", (string?)done["run_name"]);
        Assert.Equal("FAILED", (string?)done["state"]!["result_state"]);
        Assert.Equal("RUN_EXECUTION_ERROR", (string?)done["status"]!["termination_details"]!["code"]);
        Assert.Equal("FAILED", (string?)done["tasks"]![0]!["state"]!["result_state"]);
        Assert.Equal("UPSTREAM_FAILED", (string?)done["tasks"]![1]!["state"]!["result_state"]);
    }
}

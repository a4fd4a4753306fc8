using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class RunJsonTests
{
    private const string ReferenceRun = """
        {"run_id": 901, "job_id": 77, "run_type": "SUBMIT_RUN", "run_name": "nightly",
         "run_page_url": "https://adb-1.1.azuredatabricks.net/?o=1#job/77/run/901",
         "start_time": 1718000000000, "end_time": 1718000123000,
         "state": {"life_cycle_state": "TERMINATED", "result_state": "SUCCESS", "state_message": ""},
         "status": {"state": "TERMINATED", "termination_details": {"code": "SUCCESS", "type": "SUCCESS", "message": ""}},
         "tasks": [{"run_id": 902, "task_key": "load", "notebook_task": {"notebook_path": "/Workspace/etl/load"},
                    "state": {"life_cycle_state": "TERMINATED", "result_state": "SUCCESS"},
                    "status": {"state": "TERMINATED", "termination_details": {"code": "SUCCESS", "type": "SUCCESS"}}}]}
        """;

    [Fact]
    public void Deserialize_ReferenceRun_ReadsBothStateObjects()
    {
        var run = JsonSerializer.Deserialize(ReferenceRun, JobsJsonContext.Default.Run)!;

        Assert.Equal(901, run.RunId);
        Assert.Equal(RunType.SubmitRun, run.RunType);
        Assert.Equal(RunLifeCycleState.Terminated, run.State!.LifeCycleState);
        Assert.Equal(RunResultState.Success, run.State.ResultState);
        Assert.Equal(RunStatusState.Terminated, run.Status!.State);
        Assert.Equal(TerminationCode.Success, run.Status.TerminationDetails!.Code);
        Assert.Equal(TerminationType.Success, run.Status.TerminationDetails.Type);
        Assert.Equal(902, Assert.Single(run.Tasks!).RunId);
        Assert.Equal("/Workspace/etl/load", run.Tasks![0].NotebookTask!.NotebookPath);
        Assert.Equal(1718000123000, run.EndTime);
    }

    [Fact]
    public void RoundTrip_StateValuesUnknownToClient_ArePreserved()
    {
        const string json = """
            {"run_id": 5, "run_type": "AGENT_RUN", "trigger": "WHEN_THE_MOON_IS_FULL",
             "state": {"life_cycle_state": "HIBERNATING", "result_state": "PARTIALLY_MAYBE", "queue_reason": "x"},
             "status": {"state": "DREAMING", "termination_details": {"code": "QUANTUM_ERROR", "type": "COSMIC_RAY"},
                        "queue_details": {"code": "TOO_MANY_PENGUINS", "message": "m"}},
             "tasks": [{"run_id": 6, "run_if": "SOMETIMES", "state": {"life_cycle_state": "NAPPING"}}]}
            """;

        var run = JsonSerializer.Deserialize(json, JobsJsonContext.Default.Run)!;
        var written = JsonSerializer.Serialize(run, JobsJsonContext.Default.Run);

        Assert.Equal("HIBERNATING", run.State!.LifeCycleState!.Value.Value);
        Assert.False(run.State.LifeCycleState.Value.IsTerminal);
        Assert.Equal("DREAMING", run.Status!.State!.Value.Value);
        var node = JsonNode.Parse(written)!;
        Assert.Equal("AGENT_RUN", (string?)node["run_type"]);
        Assert.Equal("WHEN_THE_MOON_IS_FULL", (string?)node["trigger"]);
        Assert.Equal("HIBERNATING", (string?)node["state"]!["life_cycle_state"]);
        Assert.Equal("PARTIALLY_MAYBE", (string?)node["state"]!["result_state"]);
        Assert.Equal("DREAMING", (string?)node["status"]!["state"]);
        Assert.Equal("QUANTUM_ERROR", (string?)node["status"]!["termination_details"]!["code"]);
        Assert.Equal("COSMIC_RAY", (string?)node["status"]!["termination_details"]!["type"]);
        Assert.Equal("TOO_MANY_PENGUINS", (string?)node["status"]!["queue_details"]!["code"]);
        Assert.Equal("NAPPING", (string?)node["tasks"]![0]!["state"]!["life_cycle_state"]);
    }

    [Fact]
    public void Deserialize_StateAsNumber_ThrowsJsonException()
    {
        const string json = """{"run_id": 5, "state": {"life_cycle_state": 3}}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, JobsJsonContext.Default.Run));
    }

    [Fact]
    public void Deserialize_RunOutput_ReadsNotebookResultErrorAndTruncation()
    {
        const string json = """
            {"metadata": {"run_id": 902, "state": {"life_cycle_state": "TERMINATED", "result_state": "FAILED"}},
             "notebook_output": {"result": "42", "truncated": true},
             "logs": "stdout", "logs_truncated": true, "error": "boom", "error_trace": "at x", "info": "i"}
            """;

        var output = JsonSerializer.Deserialize(json, JobsJsonContext.Default.RunOutput)!;

        Assert.Equal(902, output.Metadata!.RunId);
        Assert.Equal("42", output.NotebookOutput!.Result);
        Assert.True(output.NotebookOutput.Truncated);
        Assert.True(output.LogsTruncated);
        Assert.Equal("boom", output.Error);
        Assert.Equal("at x", output.ErrorTrace);
    }

    [Fact]
    public void ExtensibleEnum_DefaultAndEquality_BehaveAsValues()
    {
        var unknown = new RunLifeCycleState("TERMINATED");

        Assert.Equal(RunLifeCycleState.Terminated, unknown);
        Assert.True(unknown.IsTerminal);
        Assert.Equal(string.Empty, default(RunLifeCycleState).Value);
        Assert.Equal("SUCCESS", RunResultState.Success.ToString());
        Assert.Throws<ArgumentException>(() => new RunResultState(""));
    }
}

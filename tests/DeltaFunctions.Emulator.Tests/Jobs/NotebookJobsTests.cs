using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Jobs;

/// <summary>SQL notebook tasks run their statements on the Lakehouse; their effects are visible to the SQL API.</summary>
public sealed class NotebookJobsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private async Task<JsonObject> RunToEndAsync(HttpClient sut, JsonObject task, CancellationToken ct)
    {
        var runId = (long)(await sut.PostJsonAsync("api/2.2/jobs/runs/submit", new JsonObject { ["run_name"] = "nb", ["tasks"] = new JsonArray(task) }, ct))["run_id"]!;
        return await Poll.UntilAsync(() => sut.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}", ct), r => (string?)r["status"]!["state"] == "TERMINATED", ct);
    }

    private async Task<JsonObject> SqlAsync(HttpClient sut, string statement, CancellationToken ct)
    {
        var body = await sut.PostJsonAsync("api/2.0/sql/statements", new JsonObject { ["statement"] = statement, ["warehouse_id"] = emulator.WarehouseId }, ct);
        Assert.True((string?)body["status"]!["state"] == "SUCCEEDED", body.ToJsonString());
        return body;
    }

    [Fact]
    public async Task Submit_SqlNotebookThatMerges_ChangesTheTableSeenBySql()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await SqlAsync(sut, "CREATE TABLE main.default.customers (id BIGINT, name STRING, tier STRING)", ct);
        await SqlAsync(sut, "INSERT INTO main.default.customers VALUES (1, 'Ada', 'basic'), (2, 'Grace', 'basic')", ct);
        emulator.WriteSqlNotebook("/Shared/etl/upsert_customers", """
            -- Upgrade one customer and add a new one, both named by the job's parameters.
            MERGE INTO main.default.customers AS t
            USING (SELECT CAST(:id AS BIGINT) AS id, :name AS name, :tier AS tier
                   UNION ALL SELECT CAST(3 AS BIGINT), 'Linus', 'basic') AS s
            ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET tier = s.tier
            WHEN NOT MATCHED THEN INSERT *;
            SELECT count(*) AS customers FROM main.default.customers;
            """);
        var task = new JsonObject
        {
            ["task_key"] = "upsert",
            ["notebook_task"] = new JsonObject
            {
                ["notebook_path"] = "/Workspace/Shared/etl/upsert_customers",
                ["base_parameters"] = new JsonObject { ["id"] = "2", ["name"] = "Grace", ["tier"] = "gold" },
            },
        };

        var run = await RunToEndAsync(sut, task, ct);
        var output = await sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={run["tasks"]![0]!["run_id"]}", ct);
        var rows = await SqlAsync(sut, "SELECT id, tier FROM main.default.customers ORDER BY id", ct);

        Assert.Equal("SUCCESS", (string?)run["state"]!["result_state"]);
        var result = JsonNode.Parse((string)output["notebook_output"]!["result"]!)!.AsArray();
        Assert.Equal(3, (long)result[0]!["customers"]!);
        Assert.Equal("[[\"1\",\"basic\"],[\"2\",\"gold\"],[\"3\",\"basic\"]]", rows["result"]!["data_array"]!.ToJsonString());
    }

    [Fact]
    public async Task Submit_SqlNotebookWithAnError_FailsWithTheSqlMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        emulator.WriteSqlNotebook("/Shared/etl/broken", "SELECT * FROM main.default.not_there;");
        var task = new JsonObject { ["task_key"] = "broken", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Shared/etl/broken" } };

        var run = await RunToEndAsync(sut, task, ct);
        var output = await sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={run["run_id"]}", ct);

        Assert.Equal("TERMINATED", (string?)run["state"]!["life_cycle_state"]);
        Assert.Equal("FAILED", (string?)run["state"]!["result_state"]);
        Assert.StartsWith("[TABLE_OR_VIEW_NOT_FOUND]", (string?)output["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunNow_ImportedNotebook_UsesNotebookParamsOverBaseParameters()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        await sut.PostJsonAsync("api/2.0/workspace/import", new JsonObject
        {
            ["path"] = "/Users/etl/echo",
            ["language"] = "SQL",
            ["format"] = "SOURCE",
            ["content"] = Convert.ToBase64String("SELECT :greeting AS greeting"u8.ToArray()),
        }, ct);
        var jobId = (long)(await sut.PostJsonAsync("api/2.2/jobs/create", new JsonObject
        {
            ["name"] = "echo",
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["task_key"] = "echo",
                ["notebook_task"] = new JsonObject { ["notebook_path"] = "/Users/etl/echo", ["base_parameters"] = new JsonObject { ["greeting"] = "hello" } },
            }),
        }, ct))["job_id"]!;

        var runId = (long)(await sut.PostJsonAsync("api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId, ["notebook_params"] = new JsonObject { ["greeting"] = "hi" } }, ct))["run_id"]!;
        var run = await Poll.UntilAsync(() => sut.GetJsonAsync($"api/2.2/jobs/runs/get?run_id={runId}", ct), r => (string?)r["status"]!["state"] == "TERMINATED", ct);
        var output = await sut.GetJsonAsync($"api/2.2/jobs/runs/get-output?run_id={runId}", ct);

        Assert.Equal("SUCCESS", (string?)run["state"]!["result_state"]);
        Assert.Equal("[{\"greeting\":\"hi\"}]", (string?)output["notebook_output"]!["result"]);
        Assert.Equal("hi", (string?)run["overriding_parameters"]!["notebook_params"]!["greeting"]);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Http;

/// <summary>
/// The retry contract per request class, against the emulator over loopback with faults armed on its fault API. A
/// lost response (the server ran the request, the answer never arrived) shows whether the client resent the request:
/// non-idempotent requests must not be resent, idempotent and token-carrying ones must, and the work must have
/// happened exactly once either way.
/// </summary>
public sealed class RetryContractTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DatabricksClient Client => lakehouse.Client;

    private async Task ArmAsync(JsonObject rule)
    {
        using var raw = lakehouse.Emulator.CreateClient();
        using var armed = await raw.PostAsJsonAsync("emulator/faults", rule, Ct);
        armed.EnsureSuccessStatusCode();
    }

    private async Task<int> ArmedRulesAsync()
    {
        using var raw = lakehouse.Emulator.CreateClient();
        var rules = await raw.GetFromJsonAsync<JsonObject>("emulator/faults", Ct);
        return rules!["rules"]!.AsArray().Count;
    }

    private async Task<long> CountAsync(string table)
    {
        var rows = await Client.GetSqlClient().QueryAsync(SqlStatement.FromText($"SELECT count(*) FROM main.default.{table}"), cancellationToken: Ct).ToListAsync(Ct);
        return Convert.ToInt64(rows.Single()[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> NewTableAsync()
    {
        var table = LakehouseEmulator.NewTable("retry_contract");
        await Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE main.default.{table} (id BIGINT)"), cancellationToken: Ct);
        return table;
    }

    private Task InsertAsync(string table) =>
        Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"INSERT INTO main.default.{table} VALUES (1)"), cancellationToken: Ct);

    private static JsonObject StatementFault() => new() { ["method"] = "POST", ["path_prefix"] = "/api/2.0/sql/statements" };

    [Fact]
    public async Task ExecuteAsync_AnswerLost_IsNotResentAndRanOnce()
    {
        var table = await NewTableAsync();
        var fault = StatementFault();
        fault["lose_response"] = true;
        await ArmAsync(fault);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => InsertAsync(table));

        Assert.Equal(DatabricksErrorCode.IoError, error.ErrorCode);
        Assert.Equal(0, await ArmedRulesAsync());
        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task ExecuteAsync_503WithRetryAfter_IsResentAndRunsOnce()
    {
        var table = await NewTableAsync();
        var fault = StatementFault();
        fault["status"] = 503;
        fault["retry_after_seconds"] = 1;
        await ArmAsync(fault);

        await InsertAsync(table);

        Assert.Equal(0, await ArmedRulesAsync());
        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task ExecuteAsync_503WithoutRetryAfter_FailsWithoutResending()
    {
        var table = await NewTableAsync();
        var fault = StatementFault();
        fault["status"] = 503;
        fault["count"] = 2;
        await ArmAsync(fault);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => InsertAsync(table));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, await ArmedRulesAsync());
        using (var raw = lakehouse.Emulator.CreateClient())
        {
            using var cleared = await raw.DeleteAsync("emulator/faults", Ct);
        }

        Assert.Equal(0, await CountAsync(table));
    }

    [Fact]
    public async Task ExecuteAsync_429_IsResentAndRunsOnce()
    {
        var table = await NewTableAsync();
        var fault = StatementFault();
        fault["status"] = 429;
        await ArmAsync(fault);

        await InsertAsync(table);

        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task CreateJobAsync_AnswerLost_IsNotResentAndCreatedOneJob()
    {
        var name = "lost-create-" + Guid.NewGuid().ToString("N");
        var settings = new JobSettingsBuilder(name).AddTask(new JobTaskBuilder("t").SparkPython("/Workspace/etl/t.py", []).OnServerless()).Build();
        await ArmAsync(new JsonObject { ["method"] = "POST", ["path_prefix"] = "/api/2.2/jobs/create", ["lose_response"] = true });
        var sut = Client.GetJobsClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.CreateJobAsync(settings, Ct));
        var jobs = await sut.ListJobsAsync(new ListJobsOptions { Name = name }, Ct).ToListAsync(Ct);

        Assert.Equal(DatabricksErrorCode.IoError, error.ErrorCode);
        Assert.Single(jobs);
    }

    [Fact]
    public async Task SubmitRunAsync_AnswerLost_IsResentWithTheSameTokenAndStartsOneRun()
    {
        var name = "lost-submit-" + Guid.NewGuid().ToString("N");
        var run = new SubmitRunBuilder().WithRunName(name).AddTask(new JobTaskBuilder("t").SparkPython("/Workspace/etl/t.py", []).OnServerless()).Build();
        await ArmAsync(new JsonObject { ["method"] = "POST", ["path_prefix"] = "/api/2.2/jobs/runs/submit", ["lose_response"] = true });
        var sut = Client.GetJobsClient();

        var runId = await sut.SubmitRunAsync(run, Ct);
        var named = await sut.ListRunsAsync(cancellationToken: Ct).Where(r => r.RunName == name).ToListAsync(Ct);

        Assert.Equal(0, await ArmedRulesAsync());
        Assert.Equal(runId, Assert.Single(named).RunId);
    }

    [Fact]
    public async Task GetRunAsync_AnswerLost_IsResent()
    {
        var sut = Client.GetJobsClient();
        var runId = await sut.SubmitRunAsync(
            new SubmitRunBuilder().WithRunName("lost-get").AddTask(new JobTaskBuilder("t").SparkPython("/Workspace/etl/t.py", []).OnServerless()).Build(), Ct);
        await ArmAsync(new JsonObject { ["method"] = "GET", ["path_prefix"] = "/api/2.2/jobs/runs/get", ["lose_response"] = true });

        var run = await sut.GetRunAsync(runId, Ct);

        Assert.Equal(runId, run.RunId);
        Assert.Equal(0, await ArmedRulesAsync());
    }
}

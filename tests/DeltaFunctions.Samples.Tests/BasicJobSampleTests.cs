using System.Text.RegularExpressions;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Samples.Tests;

/// <summary>samples/DeltaFunctions.Samples.BasicJob: a notebook run submitted and waited for.</summary>
public sealed partial class BasicJobSampleTests(SampleWorkspace workspace) : IClassFixture<SampleWorkspace>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_NotebookWritingARow_ExitsZeroWithTheRowWrittenAndTheRunSucceeded()
    {
        var table = "basic_job_" + Guid.NewGuid().ToString("N")[..8];
        var notebook = "/Shared/samples_tests/" + table;
        workspace.Emulator.WriteSqlNotebook(notebook, $"""
            CREATE TABLE IF NOT EXISTS main.default.{table} (city STRING);
            INSERT INTO main.default.{table} VALUES (:city);
            SELECT city, count(*) AS visits FROM main.default.{table} GROUP BY city;
            """);

        var run = await workspace.RunAsync("BasicJob", [notebook, "Utrecht"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var cities = await workspace.Client.GetSqlClient().ReadAsync<string>(SqlStatement.FromText($"SELECT city FROM main.default.{table}"), cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(["Utrecht"], cities);
        var state = (await workspace.Client.GetJobsClient().GetRunAsync(RunId(run), Ct)).State!;
        Assert.Equal((RunLifeCycleState.Terminated, RunResultState.Success), (state.LifeCycleState, state.ResultState));
        Assert.Contains("Output: [{\"city\":\"Utrecht\",\"visits\":1}]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NotebookFails_ExitsOneWithTheErrorAndTheRunFailed()
    {
        var notebook = "/Shared/samples_tests/failing_" + Guid.NewGuid().ToString("N")[..8];
        workspace.Emulator.WriteSqlNotebook(notebook, "SELECT * FROM main.default.no_such_table_for_samples;");

        var run = await workspace.RunAsync("BasicJob", [notebook]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(RunResultState.Failed, (await workspace.Client.GetJobsClient().GetRunAsync(RunId(run), Ct)).State!.ResultState);
        Assert.Contains("Error: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("basic job: failed.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoHost_ExitsTwoNamingTheVariableWithoutCallingTheWorkspace()
    {
        var run = await workspace.RunAsync("BasicJob", ["/Shared/any"], new Dictionary<string, string?> { ["DATABRICKS_HOST"] = null });

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("DATABRICKS_HOST", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.Emulator.Token, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Submitted run", run.Output, StringComparison.Ordinal);
    }

    private static long RunId(SampleRun run)
    {
        var match = RunLine().Match(run.Output);
        Assert.True(match.Success, run.ToString());
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^Run (\d+): ", RegexOptions.Multiline)]
    private static partial Regex RunLine();
}

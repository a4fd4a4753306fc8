using System.Text.RegularExpressions;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Samples.Tests;

/// <summary>samples/DeltaFunctions.Samples.SqlQuery: a typed query, then a statement resumed by id.</summary>
public sealed partial class SqlQuerySampleTests(SampleWorkspace workspace) : IClassFixture<SampleWorkspace>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_TripsTable_PrintsEachCityOverTheMinimumAndTheResumedCount()
    {
        var table = "main.default.sql_sample_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync($"CREATE TABLE {table} (trip_id BIGINT, city STRING, distance_km DECIMAL(10,2)) USING DELTA");
        await ExecuteAsync($"INSERT INTO {table} VALUES (1, 'Amsterdam', 3.20), (2, 'Amsterdam', 7.45), (3, 'Berlin', 1.10), (4, 'Lisbon', 5.00)");

        var run = await workspace.RunAsync("SqlQuery", [table, "2.5"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            ["Amsterdam: 2 trips, 10.65 km", "Lisbon: 1 trips, 5.00 km"],
            run.Output.ReplaceLineEndings("\n").Split('\n').Where(l => l.EndsWith(" km", StringComparison.Ordinal)));
        var resumed = StatementLine().Match(run.Output);
        Assert.True(resumed.Success, run.ToString());
        Assert.Equal("4", resumed.Groups["trips"].Value);
        var statement = await workspace.Client.GetSqlClient().GetStatementAsync(resumed.Groups["id"].Value, Ct);
        Assert.Equal(StatementState.Succeeded, statement.Status.State);
    }

    [Fact]
    public async Task Run_NoWarehouse_ExitsTwoNamingTheVariableBeforeAnyStatement()
    {
        var run = await workspace.RunAsync("SqlQuery", ["main.default.anything"], new Dictionary<string, string?> { ["DATABRICKS_WAREHOUSE_ID"] = null });

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Databricks:WarehouseId (DATABRICKS_WAREHOUSE_ID) is not set", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingTable_ExitsOneWithTheServiceError()
    {
        var run = await workspace.RunAsync("SqlQuery", ["main.default.no_such_table_" + Guid.NewGuid().ToString("N")[..8]]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("SQL query failed: ", run.Error, StringComparison.Ordinal);
    }

    private Task ExecuteAsync(string sql) => workspace.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText(sql), cancellationToken: Ct);

    [GeneratedRegex(@"^Statement (?<id>\S+): (?<trips>\d+) trips in ", RegexOptions.Multiline)]
    private static partial Regex StatementLine();
}

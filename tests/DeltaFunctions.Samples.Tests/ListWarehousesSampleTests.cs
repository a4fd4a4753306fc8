using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Samples.Tests;

/// <summary>samples/DeltaFunctions.Samples.ListWarehouses: the workspace's SQL warehouses.</summary>
public sealed class ListWarehousesSampleTests(SampleWorkspace workspace) : IClassFixture<SampleWorkspace>
{
    [Fact]
    public async Task Run_Emulator_PrintsItsWarehouseCatalogsAndTheSchemasTables()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = "listed_" + Guid.NewGuid().ToString("N")[..8];
        await workspace.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE main.default.{table} (id BIGINT) USING DELTA"), cancellationToken: ct);

        var run = await workspace.RunAsync("ListWarehouses", ["main", "default"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("(auth: pat)", run.Output, StringComparison.Ordinal);
        Assert.Contains($"  {workspace.Emulator.WarehouseId}", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 warehouse(s).", run.Output, StringComparison.Ordinal);
        Assert.Contains("Catalog: main\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"Table: main.default.{table}\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}

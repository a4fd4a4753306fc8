using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>
/// Each statement of the Statement Execution API runs in a session of its own: what a <c>SET</c> sets ends with that
/// statement, so one client cannot switch a check off for the next statement, or for every other client.
/// </summary>
public sealed class StatementSessionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string RetentionCheck = "spark.databricks.delta.retentionDurationCheck.enabled";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Set_ThenAnotherStatement_TheOtherStatementDoesNotSeeTheSetting()
    {
        var sut = emulator.CreateClient();
        var table = $"main.default.session_{Guid.NewGuid():N}";
        await RunAsync(sut, $"CREATE TABLE {table} (id INT)");

        var set = await RunAsync(sut, $"SET {RetentionCheck} = false");
        var shown = await RunAsync(sut, $"SET {RetentionCheck}");
        var vacuum = await RunAsync(sut, $"VACUUM {table} RETAIN 0 HOURS");

        Assert.Equal("SUCCEEDED", (string?)set["status"]!["state"]);
        Assert.Equal("<undefined>", (string?)shown["result"]!["data_array"]![0]![1]);
        Assert.Equal("FAILED", (string?)vacuum["status"]!["state"]);
        Assert.StartsWith("[DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT]", (string?)vacuum["status"]!["error"]!["message"], StringComparison.Ordinal);
    }

    private Task<JsonObject> RunAsync(HttpClient client, string statement) =>
        client.PostJsonAsync(
            "api/2.0/sql/statements",
            new JsonObject { ["statement"] = statement, ["warehouse_id"] = emulator.WarehouseId, ["wait_timeout"] = "30s" },
            Ct);
}

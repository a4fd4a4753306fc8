using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>Cancelling a statement whose DuckDB query is running interrupts the query instead of letting it compute on.</summary>
public sealed class StatementCancelTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Cancel_RunningQuery_InterruptsItSoTheStatementReadsCanceledWhenTheCancelAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();
        var request = new JsonObject
        {
            ["statement"] = "SELECT sum(hash(i)) AS h FROM range(0, 500000000000) AS t(i)",
            ["warehouse_id"] = emulator.WarehouseId,
            ["wait_timeout"] = "0s",
        };
        var id = (string)(await sut.PostJsonAsync("api/2.0/sql/statements", request, ct))["statement_id"]!;
        await Poll.UntilAsync(
            async () => (string?)(await sut.GetJsonAsync($"api/2.0/sql/statements/{id}", ct))["status"]!["state"],
            s => s == "RUNNING",
            ct);

        await sut.PostJsonAsync($"api/2.0/sql/statements/{id}/cancel", new { }, ct);
        var state = (string?)(await sut.GetJsonAsync($"api/2.0/sql/statements/{id}", ct))["status"]!["state"];

        Assert.Equal("CANCELED", state);
    }
}

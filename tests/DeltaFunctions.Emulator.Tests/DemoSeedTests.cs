using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests;

public sealed class DemoSeedTests
{
    [Fact]
    public async Task StartAsync_SeedDemo_AnswersAQueryOnTheDemoTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorFixture.StartAsync(o => o with { SeedDemo = true }, ct);
        var sut = emulator.CreateClient();

        var body = await sut.PostJsonAsync("api/2.0/sql/statements", new JsonObject
        {
            ["statement"] = "SELECT city, count(*) AS trips FROM main.demo.trips GROUP BY city ORDER BY city",
            ["warehouse_id"] = emulator.WarehouseId,
        }, ct);
        var notebook = await sut.GetJsonAsync("api/2.0/workspace/get-status?path=/Shared/demo/city_summary", ct);

        Assert.Equal("[[\"Amsterdam\",\"2\"],[\"Berlin\",\"1\"],[\"Lisbon\",\"1\"]]", body["result"]!["data_array"]!.ToJsonString());
        Assert.Equal("NOTEBOOK", (string?)notebook["object_type"]);
    }
}

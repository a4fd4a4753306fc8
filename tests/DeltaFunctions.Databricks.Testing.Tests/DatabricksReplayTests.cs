using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.Databricks.Testing.Tests;

public sealed class DatabricksReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateClientAndAddDatabricksReplay_AfterRecordingAgainstTheEmulator_AnswerWithoutIt()
    {
        var cassette = Path.Combine(Path.GetTempPath(), "kit-replay-" + Guid.NewGuid().ToString("N"), "session.json");
        IReadOnlyList<string?> recorded;
        await using (var emulator = await DatabricksEmulator.StartAsync(
            new DatabricksEmulatorOptions { Tables = [EmulatorTable.FromRows("main.default.words", new[] { new Entry("delta"), new Entry("lake") })] }, Ct))
        {
            using var client = emulator.CreateClient(o => o.RecordPath = cassette);
            recorded = await WordsAsync(client);
        }

        using var sut = DatabricksReplay.CreateClient(cassette);
        var replayed = await WordsAsync(sut);
        var services = new ServiceCollection().AddDatabricksReplay(cassette);
        await using var provider = services.BuildServiceProvider();
        var fromContainer = await WordsAsync(provider.GetRequiredService<DatabricksClient>());

        Assert.Equal(["delta", "lake"], recorded);
        Assert.Equal(recorded, replayed);
        Assert.Equal(recorded, fromContainer);
        await Assert.ThrowsAsync<CassetteMismatchException>(() => sut.GetCatalogClient().GetCatalogAsync("main", Ct));
    }

    private static async Task<IReadOnlyList<string?>> WordsAsync(DatabricksClient client)
    {
        var response = await client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT word FROM main.default.words ORDER BY word"), new SqlExecuteOptions { Format = ResultFormat.JsonArray }, Ct);
        return [.. response.Result!.DataArray!.Select(r => r[0])];
    }

    public sealed record Entry(string Word);
}

using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>
/// A warehouse runs <see cref="EmulatorOptions.MaxRunningStatements"/> statements at once (two here); the rest wait in
/// PENDING until a running one ends, however it ends.
/// </summary>
public sealed class WarehouseConcurrencyTests : IAsyncLifetime
{
    private const string LongQuery = "SELECT sum(hash(i)) AS h FROM range(0, 500000000000) AS t(i)";

    private EmulatorFixture _emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _emulator = await EmulatorFixture.StartAsync(o => o with { MaxRunningStatements = 2 }, Ct);

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task Submit_MoreStatementsThanSlots_TheRestWaitPendingAndRunAsSlotsFree()
    {
        var sut = _emulator.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await SubmitAsync(sut, LongQuery));
        }

        await Poll.UntilAsync(() => StatesAsync(sut, ids), s => s.Count(x => x == "RUNNING") == 2, Ct);
        await Task.Delay(300, Ct);
        var busy = await StatesAsync(sut, ids);
        var running = ids.Where((_, i) => busy[i] == "RUNNING").ToList();
        var pending = ids.Where((_, i) => busy[i] == "PENDING").ToList();

        Assert.Equal((2, 2), (running.Count, pending.Count));

        // A queued statement cancelled never runs; a running one cancelled frees its slot for the one still queued.
        await sut.PostJsonAsync($"api/2.0/sql/statements/{pending[1]}/cancel", new { }, Ct);
        await sut.PostJsonAsync($"api/2.0/sql/statements/{running[0]}/cancel", new { }, Ct);
        var order = new[] { running[0], running[1], pending[0], pending[1] };
        var moved = await Poll.UntilAsync(() => StatesAsync(sut, order), s => s[2] == "RUNNING", Ct);

        Assert.Equal(["CANCELED", "RUNNING", "RUNNING", "CANCELED"], moved);

        foreach (var id in order[1..3])
        {
            await sut.PostJsonAsync($"api/2.0/sql/statements/{id}/cancel", new { }, Ct);
        }

        Assert.All(await StatesAsync(sut, ids), s => Assert.Equal("CANCELED", s));
    }

    [Fact]
    public async Task Submit_AfterStatementsFailedSucceededAndWereCancelled_EverySlotIsFreeAgain()
    {
        var sut = _emulator.CreateClient();

        // More ends of each kind than there are slots: a slot any of them kept would leave the last statement PENDING.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("FAILED", await RunAsync(sut, "SELECT * FROM main.default.no_such_table"));
            Assert.Equal("SUCCEEDED", await RunAsync(sut, $"SELECT {i} AS n"));
            var id = await SubmitAsync(sut, LongQuery);
            await sut.PostJsonAsync($"api/2.0/sql/statements/{id}/cancel", new { }, Ct);
        }

        var running = new[] { await SubmitAsync(sut, LongQuery), await SubmitAsync(sut, LongQuery) };
        var states = await Poll.UntilAsync(() => StatesAsync(sut, running), s => s.All(x => x == "RUNNING"), Ct);
        foreach (var id in running)
        {
            await sut.PostJsonAsync($"api/2.0/sql/statements/{id}/cancel", new { }, Ct);
        }

        Assert.Equal(["RUNNING", "RUNNING"], states);
        Assert.Equal("SUCCEEDED", await RunAsync(sut, "SELECT 42 AS answer"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxRunningStatements_BelowOne_IsRefusedNamingTheOption(int value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EmulatorOptions { MaxRunningStatements = value });

        Assert.Equal(nameof(EmulatorOptions.MaxRunningStatements), error.ParamName);
    }

    private async Task<string> SubmitAsync(HttpClient client, string statement) =>
        (string)(await client.PostJsonAsync("api/2.0/sql/statements", Request(statement, "0s"), Ct))["statement_id"]!;

    private async Task<string?> RunAsync(HttpClient client, string statement) =>
        (string?)(await client.PostJsonAsync("api/2.0/sql/statements", Request(statement, "30s"), Ct))["status"]!["state"];

    private JsonObject Request(string statement, string waitTimeout) =>
        new() { ["statement"] = statement, ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = waitTimeout };

    private static async Task<List<string?>> StatesAsync(HttpClient client, IEnumerable<string> ids)
    {
        var states = new List<string?>();
        foreach (var id in ids)
        {
            states.Add((string?)(await client.GetJsonAsync($"api/2.0/sql/statements/{id}", Ct))["status"]!["state"]);
        }

        return states;
    }
}

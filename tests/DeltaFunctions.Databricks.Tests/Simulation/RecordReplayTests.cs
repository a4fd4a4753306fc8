using System.Text;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.Databricks.Tests.Simulation;

public sealed class RecordReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_SessionRecordedAgainstEmulator_ReturnsByteForByteTheSameResults()
    {
        var cassette = CassetteFiles.NewPath("session");
        string recorded;
        await using (var emulator = await RecordedSession.StartEmulatorAsync(Ct))
        {
            using var recording = emulator.CreateClient(o => o.RecordPath = cassette);
            recorded = await RecordedSession.RunAsync(recording, Ct);
        }

        // The emulator is gone: anything the replaying client sent for real would fail.
        using var sut = DatabricksReplay.CreateClient(cassette);
        var replayed = await RecordedSession.RunAsync(sut, Ct);

        Assert.Equal(Encoding.UTF8.GetBytes(recorded), Encoding.UTF8.GetBytes(replayed));
        Assert.Contains("arrow Oslo 9", recorded, StringComparison.Ordinal);
        Assert.Contains("job ", recorded, StringComparison.Ordinal);
        Assert.Contains("success", recorded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"cities\":4", recorded, StringComparison.Ordinal);
        Assert.Contains("file 000102FAFBFC 6", recorded, StringComparison.Ordinal);
        Assert.Empty(CassetteFiles.FindSecrets(CassetteFiles.Root, [DatabricksEmulatorOptions.DefaultToken]));
    }

    [Fact]
    public async Task Record_Session_CassetteIsReadableJsonWithoutCredentials()
    {
        var cassette = CassetteFiles.NewPath("readable");
        await using (var emulator = await DatabricksEmulator.StartAsync(cancellationToken: Ct))
        {
            using var client = emulator.CreateClient(o => o.RecordPath = cassette);
            await client.GetSqlClient().ExecuteAsync(
                new SqlStatement("SELECT :city AS city", [new StatementParameter { Name = "city", Value = "Zürich's" }]),
                new SqlExecuteOptions { Format = ResultFormat.JsonArray },
                Ct);
        }

        var text = await File.ReadAllTextAsync(cassette, Ct);
        var root = JsonNode.Parse(text)!;
        var interaction = Assert.Single(root["interactions"]!.AsArray())!;

        Assert.Contains("\n  \"interactions\": [", text, StringComparison.Ordinal);
        Assert.Equal("POST", (string?)interaction["request"]!["method"]);
        Assert.Equal("/api/2.0/sql/statements", (string?)interaction["request"]!["path"]);
        Assert.Equal("SELECT :city AS city", (string?)interaction["request"]!["body"]!["statement"]);
        Assert.Contains("Zürich's", text, StringComparison.Ordinal);
        Assert.Equal(200, (int)interaction["response"]!["status"]!);
        Assert.StartsWith("application/json", (string?)interaction["response"]!["headers"]!["content-type"], StringComparison.Ordinal);
        Assert.Equal("Zürich's", (string?)interaction["response"]!["body"]!["result"]!["data_array"]![0]![0]);
        Assert.DoesNotContain("authorization", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DatabricksEmulatorOptions.DefaultToken, text, StringComparison.Ordinal);

        // Request bodies are canonical: keys sorted.
        var keys = interaction["request"]!["body"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Replay_RequestNotRecorded_ThrowsMismatchWithDiffAgainstNearestRecording()
    {
        var cassette = CassetteFiles.NewPath("miss");
        await using (var emulator = await DatabricksEmulator.StartAsync(cancellationToken: Ct))
        {
            using var client = emulator.CreateClient(o => o.RecordPath = cassette);
            await client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 1 AS answer"), cancellationToken: Ct);
            await client.GetCatalogClient().GetCatalogAsync("main", Ct);
        }

        using var sut = DatabricksReplay.CreateClient(cassette);

        var error = await Assert.ThrowsAsync<CassetteMismatchException>(
            () => sut.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 2 AS answer"), cancellationToken: Ct));
        Assert.Equal(Path.GetFullPath(cassette), error.CassettePath);
        Assert.Equal("POST /api/2.0/sql/statements", error.Request);
        Assert.Contains("- ", error.Diff, StringComparison.Ordinal);
        Assert.Contains(error.Diff!.Split('\n'), l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains("\"SELECT 1 AS answer\"", StringComparison.Ordinal));
        Assert.Contains(error.Diff!.Split('\n'), l => l.StartsWith("+ ", StringComparison.Ordinal) && l.Contains("\"SELECT 2 AS answer\"", StringComparison.Ordinal));
        Assert.Equal(2, error.Diff!.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("+ ", StringComparison.Ordinal)));
        Assert.Contains("interaction 1 of 2 (POST /api/2.0/sql/statements)", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Diff, error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_RECORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_RequestRepeatedMoreOftenThanRecorded_ThrowsMismatchNamingTheUsedRecordings()
    {
        var cassette = CassetteFiles.NewPath("exhausted");
        await using (var emulator = await DatabricksEmulator.StartAsync(cancellationToken: Ct))
        {
            using var client = emulator.CreateClient(o => o.RecordPath = cassette);
            await client.GetCatalogClient().GetCatalogAsync("main", Ct);
        }

        using var sut = DatabricksReplay.CreateClient(cassette);
        var first = await sut.GetCatalogClient().GetCatalogAsync("main", Ct);

        var error = await Assert.ThrowsAsync<CassetteMismatchException>(() => sut.GetCatalogClient().GetCatalogAsync("main", Ct));
        Assert.Equal("main", first.Name);
        Assert.Contains("holds this request 1 time(s) and every one is used", error.Message, StringComparison.Ordinal);
        Assert.Contains("already used", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_IndependentRequestsInAnotherOrder_AnswersEachFromItsRecording()
    {
        var cassette = CassetteFiles.NewPath("order");
        await using (var emulator = await DatabricksEmulator.StartAsync(cancellationToken: Ct))
        {
            using var client = emulator.CreateClient(o => o.RecordPath = cassette);
            await client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("CREATE SCHEMA IF NOT EXISTS main.ordered"), cancellationToken: Ct);
            await client.GetCatalogClient().GetSchemaAsync("main", "ordered", Ct);
            await client.GetCatalogClient().GetCatalogAsync("main", Ct);
        }

        using var sut = DatabricksReplay.CreateClient(cassette);
        var catalog = await sut.GetCatalogClient().GetCatalogAsync("main", Ct);
        var schema = await sut.GetCatalogClient().GetSchemaAsync("main", "ordered", Ct);

        Assert.Equal("main", catalog.Name);
        Assert.Equal("ordered", schema.Name);
    }

    [Fact]
    public async Task Replay_ThroughDependencyInjectionWithoutCredentials_AnswersFromTheCassette()
    {
        var cassette = CassetteFiles.NewPath("di");
        string recorded;
        await using (var emulator = await RecordedSession.StartEmulatorAsync(Ct))
        {
            var services = new ServiceCollection().AddDatabricksEmulator(emulator, o => o.RecordPath = cassette);
            await using var provider = services.BuildServiceProvider();
            recorded = await RecordedSession.RunAsync(provider.GetRequiredService<DatabricksClient>(), Ct);
        }

        // As CI would: only DATABRICKS_REPLAY set, no host and no credential.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DATABRICKS_REPLAY"] = cassette })
            .Build();
        var replayServices = new ServiceCollection().AddDatabricks(configuration, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        });
        await using var replayProvider = replayServices.BuildServiceProvider();
        var sut = replayProvider.GetRequiredService<DatabricksClient>();
        var replayed = await RecordedSession.RunAsync(sut, Ct);

        Assert.Equal(recorded, replayed);
        Assert.Equal("pat", sut.AuthType);
    }

    [Fact]
    public void Options_RecordAndReplayBothSet_FailValidationNamingBothKeys()
    {
        var options = new DatabricksClientOptions { Host = "https://adb-1.2.azuredatabricks.net", Token = "dapi0123456789abcdef", RecordPath = "a.json", ReplayPath = "b.json" };

        var error = Assert.Throws<ArgumentException>(() => new DatabricksClient(options));

        Assert.Contains("Databricks:RecordPath (DATABRICKS_RECORD) and Databricks:ReplayPath (DATABRICKS_REPLAY) exclude each other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ReplayOfMissingCassette_FailsNamingTheFileAndKey()
    {
        var missing = Path.Combine(CassetteFiles.Root, "missing-" + Guid.NewGuid().ToString("N") + ".json");

        var error = Assert.Throws<ArgumentException>(() => DatabricksReplay.CreateClient(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_REPLAY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_ReplayOfCorruptCassette_FailsNamingTheFile()
    {
        var corrupt = CassetteFiles.NewPath("corrupt");
        Directory.CreateDirectory(CassetteFiles.Root);
        await File.WriteAllTextAsync(corrupt, "{\"version\": 1, \"interactions\": [ {", Ct);

        var error = Assert.Throws<ArgumentException>(() => DatabricksReplay.CreateClient(corrupt));

        Assert.Contains("is not a readable cassette", error.Message, StringComparison.Ordinal);
        Assert.Contains(corrupt, error.Message, StringComparison.Ordinal);
    }
}

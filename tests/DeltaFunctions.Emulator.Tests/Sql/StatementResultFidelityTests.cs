using System.Text;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>
/// Result fidelity over real HTTP: type_text keeps struct field names as declared, nested DATE/TIMESTAMP values and
/// map keys use Databricks' JSON text forms, and DECIMAL(38, s) values keep every digit in every format.
/// </summary>
public sealed class StatementResultFidelityTests : IAsyncLifetime
{
    private const string Wide = "12345678901234567890123456789012345.678";
    private EmulatorFixture _emulator = null!;
    private HttpClient _sut = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync(o => o, TestContext.Current.CancellationToken);
        _sut = _emulator.CreateClient();
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private async Task<JsonObject> ExecuteAsync(string statement, CancellationToken ct, string? format = null)
    {
        var request = new JsonObject { ["statement"] = statement, ["warehouse_id"] = _emulator.WarehouseId, ["wait_timeout"] = "50s" };
        if (format is not null)
        {
            request["format"] = format;
            request["disposition"] = "EXTERNAL_LINKS";
        }

        var body = await _sut.PostJsonAsync("api/2.0/sql/statements", request, ct);
        Assert.True((string?)body["status"]!["state"] == "SUCCEEDED", body.ToJsonString());
        return body;
    }

    private async Task<byte[]> DownloadSingleChunkAsync(JsonObject body, CancellationToken ct)
    {
        using var storage = new HttpClient();
        Assert.Equal(1, (int)body["manifest"]!["total_chunk_count"]!);
        return await storage.GetByteArrayAsync((string)body["result"]!["external_links"]![0]!["external_link"]!, ct);
    }

    private static List<string> TypeTexts(JsonObject body) =>
        [.. body["manifest"]!["schema"]!["columns"]!.AsArray().Select(c => (string)c!["type_text"]!)];

    [Fact]
    public async Task Submit_StructColumns_TypeTextKeepsFieldNamesAsDeclared()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(
            "SELECT named_struct('name', 'Adé <&>', 'zipCode', 7) AS person, array(named_struct('first name', 'x', 'a`b:c', 2)) AS people, "
            + "map('k', named_struct('inner_v', CAST(1.5 AS DECIMAL(10,2)))) AS nested, CAST(1 AS DECIMAL(38,3)) AS amount",
            ct);

        Assert.Equal(
            ["STRUCT<name: STRING, zipCode: INT>", "ARRAY<STRUCT<`first name`: STRING, `a``b:c`: INT>>", "MAP<STRING, STRUCT<inner_v: DECIMAL(10,2)>>", "DECIMAL(38,3)"],
            TypeTexts(body));
        var columns = body["manifest"]!["schema"]!["columns"]!.AsArray();
        Assert.Equal(["STRUCT", "ARRAY", "MAP", "DECIMAL"], columns.Select(c => (string)c!["type_name"]!));
        Assert.Equal(38, (int)columns[3]!["type_precision"]!);
        Assert.Equal(3, (int)columns[3]!["type_scale"]!);
        var row = body["result"]!["data_array"]![0]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Equal("{\"name\":\"Adé <&>\",\"zipCode\":7}", row[0]);
        Assert.Equal("[{\"first name\":\"x\",\"a`b:c\":2}]", row[1]);
        Assert.Equal("{\"k\":{\"inner_v\":1.50}}", row[2]);
        Assert.Equal("1.000", row[3]);
    }

    [Fact]
    public async Task Submit_DateAndTimestampMapKeysAndNestedValues_UseIsoTextInJsonArray()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync(
            "SELECT map(DATE'2024-02-29', 'leap') AS by_day, "
            + "map(CAST('2024-02-29 13:45:06.789' AS TIMESTAMP), 1) AS by_time, "
            + "map(CAST('2024-02-29 13:45:06' AS TIMESTAMP_NTZ), true) AS by_local, "
            + "map(true, 1.5D) AS by_flag, "
            + "array(DATE'2024-01-02', DATE'2024-12-31') AS days, "
            + "named_struct('at', CAST('2024-02-29 13:45:06.789' AS TIMESTAMP), 'on', DATE'2024-03-01', 'bytes', X'CAFE', 'ratio', 0.25D) AS event, "
            + "CAST(0.1 AS FLOAT) AS f, array(CAST(0.1 AS FLOAT)) AS fs",
            ct);

        var row = body["result"]!["data_array"]![0]!.AsArray().Select(c => (string?)c).ToList();
        Assert.Equal("{\"2024-02-29\":\"leap\"}", row[0]);
        Assert.Equal("{\"2024-02-29T13:45:06.789Z\":1}", row[1]);
        Assert.Equal("{\"2024-02-29T13:45:06.000\":true}", row[2]);
        Assert.Equal("{\"true\":1.5}", row[3]);
        Assert.Equal("[\"2024-01-02\",\"2024-12-31\"]", row[4]);
        Assert.Equal("{\"at\":\"2024-02-29T13:45:06.789Z\",\"on\":\"2024-03-01\",\"bytes\":\"yv4=\",\"ratio\":0.25}", row[5]);
        Assert.Equal("0.1", row[6]);
        Assert.Equal("[0.1]", row[7]);
    }

    [Fact]
    public async Task Submit_ThirtyEightDigitDecimal_KeepsEveryDigitInJsonArray()
    {
        var ct = TestContext.Current.CancellationToken;

        var body = await ExecuteAsync($"SELECT CAST('{Wide}' AS DECIMAL(38,3)) AS big, CAST('-{Wide}' AS DECIMAL(38,3)) AS neg, CAST('0.5' AS DECIMAL(38,3)) AS small, CAST('-0.005' AS DECIMAL(38,3)) AS tiny", ct);

        Assert.Equal($"[\"{Wide}\",\"-{Wide}\",\"0.500\",\"-0.005\"]", body["result"]!["data_array"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task ExternalLinks_ThirtyEightDigitDecimal_KeepsEveryDigitInArrowAndCsv()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Query = $"SELECT CAST('{Wide}' AS DECIMAL(38,3)) AS big, CAST('-{Wide}' AS DECIMAL(38,3)) AS neg, CAST('0.5' AS DECIMAL(38,3)) AS small, CAST(NULL AS DECIMAL(38,3)) AS none";

        var arrow = await DownloadSingleChunkAsync(await ExecuteAsync(Query, ct, "ARROW_STREAM"), ct);
        var csv = Encoding.UTF8.GetString(await DownloadSingleChunkAsync(await ExecuteAsync(Query, ct, "CSV"), ct));

        using var reader = new ArrowStreamReader(new MemoryStream(arrow));
        using var batch = (await reader.ReadNextRecordBatchAsync(ct))!;
        var big = (Decimal128Array)batch.Column(0);
        Assert.Equal(38, ((Apache.Arrow.Types.Decimal128Type)big.Data.DataType).Precision);
        Assert.Equal(Wide, big.GetString(0));
        Assert.Equal("-" + Wide, ((Decimal128Array)batch.Column(1)).GetString(0));
        Assert.Equal(0.5m, ((Decimal128Array)batch.Column(2)).GetValue(0));
        Assert.True(batch.Column(3).IsNull(0));
        Assert.Equal($"big,neg,small,none\r\n{Wide},-{Wide},0.500,null\r\n", csv);
    }
}

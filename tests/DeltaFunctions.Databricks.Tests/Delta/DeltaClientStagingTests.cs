using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.TestUtilities.Http;
using DeltaFunctions.TestUtilities.Logging;
using Parquet;

namespace DeltaFunctions.Databricks.Tests.Delta;

/// <summary>
/// Writes and merges whose rows exceed a (tiny) staging threshold go through a Parquet file on a volume, over loopback
/// HTTP against the emulator: the values come back exactly, the file is gone afterwards whatever happened, and a failed
/// upload runs no statement.
/// </summary>
public sealed partial class DeltaClientStagingTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private const string StatementsPath = "/api/2.0/sql/statements";

    // Every digit of a decimal's value, without the trailing zeros its scale adds.
    private const string ExactDecimal = "0.############################";

    private static readonly IReadOnlyList<SchemaColumn> AllColumns =
    [
        SchemaColumn.Of("id", "BIGINT"),
        SchemaColumn.Of("flag", "BOOLEAN"),
        SchemaColumn.Of("tiny", "TINYINT"),
        SchemaColumn.Of("small", "SMALLINT"),
        SchemaColumn.Of("num", "INT"),
        SchemaColumn.Of("real", "FLOAT"),
        SchemaColumn.Of("dbl", "DOUBLE"),
        SchemaColumn.Of("money", "DECIMAL(10,2)"),
        SchemaColumn.Of("wide", "DECIMAL(38,10)"),
        SchemaColumn.Of("day", "DATE"),
        SchemaColumn.Of("at", "TIMESTAMP"),
        SchemaColumn.Of("wall", "TIMESTAMP_NTZ"),
        SchemaColumn.Of("name", "STRING"),
        SchemaColumn.Of("blob", "BINARY"),
    ];

    private static readonly IReadOnlyList<SchemaColumn> OrderColumns =
        [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("note", "STRING")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteTableAsync_StagedAppend_RoundTripsEveryTypeExactlyLikeBoundRows()
    {
        var volume = await CreateVolumeAsync();
        var staged = await CreateAllTypesAsync();
        var bound = await CreateAllTypesAsync();
        var rows = AllTypeRows();

        var stagedResult = await Client(volume).WriteTableAsync(staged, rows, WriteMode.Append, new WriteTableOptions { Columns = AllColumns }, Ct);
        var boundResult = await Client(null).WriteTableAsync(bound, rows, WriteMode.Append, new WriteTableOptions { Columns = AllColumns }, Ct);
        var stagedBack = await ReadAllTypesAsync(staged);
        var boundBack = await ReadAllTypesAsync(bound);

        Assert.True(stagedResult.Staged);
        Assert.False(boundResult.Staged);
        Assert.Equal(rows.Count, stagedResult.NumInsertedRows);
        Assert.Equal(rows.Select(Describe), stagedBack.Select(Describe));
        Assert.Equal(boundBack.Select(Describe), stagedBack.Select(Describe));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task WriteTableAsync_StagedComplexColumns_MatchRowsBoundAsJson()
    {
        var volume = await CreateVolumeAsync();
        IReadOnlyList<SchemaColumn> columns =
        [
            SchemaColumn.Of("id", "BIGINT"),
            SchemaColumn.Of("tags", "ARRAY<INT>"),
            SchemaColumn.Of("attrs", "MAP<STRING, INT>"),
            SchemaColumn.Of("point", "STRUCT<x: INT, label: STRING>"),
        ];
        var staged = await CreateTableAsync("staged_complex", columns);
        var bound = await CreateTableAsync("bound_complex", columns);
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows =
        [
            new Dictionary<string, object?>
            {
                ["id"] = 1L,
                ["tags"] = new[] { 1, -2, int.MaxValue },
                ["attrs"] = new Dictionary<string, int> { ["a"] = 1, ["it's"] = -2 },
                ["point"] = new Dictionary<string, object?> { ["x"] = 5, ["label"] = "say \"hi\" \\ now" },
            },
            new Dictionary<string, object?>
            {
                ["id"] = 2L,
                ["tags"] = Array.Empty<int>(),
                ["attrs"] = new Dictionary<string, int>(),
                ["point"] = new Dictionary<string, object?> { ["x"] = null, ["label"] = null },
            },
            new Dictionary<string, object?> { ["id"] = 3L, ["tags"] = null, ["attrs"] = null, ["point"] = null },
        ];
        var options = new WriteTableOptions { Columns = columns };

        var stagedResult = await Client(volume).WriteTableAsync(staged, rows, WriteMode.Append, options, Ct);
        await lakehouse.Client.GetDeltaClient("main", "default").WriteTableAsync(bound, rows, WriteMode.Append, options, Ct);
        var stagedBack = await ComplexAsJsonAsync(staged);
        var boundBack = await ComplexAsJsonAsync(bound);

        Assert.True(stagedResult.Staged);
        Assert.Equal(boundBack, stagedBack);
        Assert.Contains("2147483647", stagedBack[0], StringComparison.Ordinal);
        Assert.Contains("it's", stagedBack[0], StringComparison.Ordinal);
        Assert.Contains("hi", stagedBack[0], StringComparison.Ordinal);
        Assert.Equal("3|∅|∅|∅", stagedBack[2]);
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task WriteTableAsync_Staged_LogsNoRowValuesOrToken()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        using var logs = new TestLogs();
        using var client = TestDatabricksClients.Create(
            lakehouse.Emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(lakehouse.Emulator.Token),
            o => o.WarehouseId = lakehouse.Emulator.WarehouseId,
            loggerFactory: logs.Factory);
        var rows = Orders(1, 20, "secret-note-7f3a");

        var result = await client.GetDeltaClient("main", "default", StagingOptions(volume)).WriteTableAsync(table, rows, WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);

        Assert.True(result.Staged);
        Assert.NotEmpty(logs.Records);
        Assert.DoesNotContain(logs.AllText(), t => t.Contains("secret-note-7f3a", StringComparison.Ordinal) || t.Contains(lakehouse.Emulator.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteTableAsync_StagedOverwriteAndReplaceWhere_ReplaceRows()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var sut = Client(volume);
        var options = new WriteTableOptions { Columns = OrderColumns };
        await sut.WriteTableAsync(table, Orders(1, 10, "old"), WriteMode.Append, options, Ct);

        var overwritten = await sut.WriteTableAsync(table, Orders(1, 20, "new"), WriteMode.Overwrite, options, Ct);
        var replaced = await sut.WriteTableAsync(
            table, Orders(5, 6, "replaced"), WriteMode.ReplaceWhere, options with { ReplaceWhere = SqlFilter.GreaterThan("id", 4L) }, Ct);
        var back = await sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(overwritten.Staged);
        Assert.True(replaced.Staged);
        Assert.Equal(Orders(1, 4, "new").Concat(Orders(5, 6, "replaced")), back.OrderBy(o => o.Id));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task WriteTableAsync_UnderThreshold_BindsRowsWithoutStaging()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var sut = lakehouse.Client.GetDeltaClient("main", "default", new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters, StagingVolumePath = volume });

        var result = await sut.WriteTableAsync(table, Orders(1, 3, "x"), WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);

        Assert.False(result.Staged);
        Assert.Equal(3, result.NumInsertedRows);
    }

    [Fact]
    public async Task Merge_StagedSource_UpsertsAndReturnsMetrics()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var sut = Client(volume);
        await sut.WriteTableAsync(table, Orders(1, 10, "old"), WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);
        var merge = sut.Merge(table).UsingRows(Orders(6, 15, "new"), OrderColumns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll();

        var stages = merge.StagesSourceRows;
        var result = await merge.ExecuteAsync(Ct);
        var back = await sut.ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(stages);
        Assert.Equal((5L, 5L, 0L), (result.NumUpdatedRows, result.NumInsertedRows, result.NumDeletedRows));
        Assert.Equal(Orders(1, 5, "old").Concat(Orders(6, 15, "new")), back.OrderBy(o => o.Id));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task Merge_StagedSourceEveryType_MatchesInput()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateAllTypesAsync();
        var rows = AllTypeRows();

        var result = await Client(volume).Merge(table).UsingRows(rows, AllColumns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var back = await ReadAllTypesAsync(table);

        Assert.Equal(rows.Count, result.NumInsertedRows);
        Assert.Equal(rows.Select(Describe), back.Select(Describe));
    }

    [Fact]
    public async Task Merge_StagedSourceOverSeveralRowGroups_SplitsThemEvenlyAndLoadsEveryValueExactly()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var count = (2 * StagedRows.RowGroupRows) - 1_000;

        // id is never null (a REQUIRED field), amt is null only in the second row group (an OPTIONAL field whose
        // nulls start mid-file), note mostly null.
        List<Sparse> rows = [.. Enumerable.Range(0, count).Select(i => new Sparse(
            i,
            i == count - 7 ? null : (i * 1.25m) - 1000.01m,
            i % 3 == 0 ? "n" + i.ToString(CultureInfo.InvariantCulture) : null))];
        byte[]? uploaded = null;
        var recorder = new RecordingHandler(request =>
        {
            if (request.Method == HttpMethod.Put)
            {
                uploaded = request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            }
        });
        using var client = RecordingClient(recorder);
        var sut = client.GetDeltaClient("main", "default", StagingOptions(volume));

        var result = await sut.Merge(table).UsingRows(rows, OrderColumns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var back = await Client(null).ReadTableAsync<Sparse>(table, cancellationToken: Ct).ToListAsync(Ct);
        var reader = await ParquetReader.CreateAsync(new MemoryStream(uploaded!), cancellationToken: Ct);
        await using (reader)
        {
            Assert.Equal([count / 2, count / 2], reader.RowGroups.Select(g => g.RowCount));
            Assert.Equal([false, true, true], reader.Schema.DataFields.Select(f => f.IsNullable));
        }

        Assert.Equal(count, result.NumInsertedRows);
        Assert.Equal(rows, back.OrderBy(r => r.Id));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public void ToSql_SourceOverThreshold_ShowsReadFilesOverABoundStagedPath()
    {
        var merge = new MergeBuilder(new TableName("main", "default", "t"))
            .WithStaging("/Volumes/main/default/v", 16)
            .UsingRows(Orders(1, 50, "a'; DROP TABLE x; --"), OrderColumns)
            .On("id")
            .WhenNotMatchedInsertAll();

        var statement = merge.ToSql();

        Assert.True(merge.StagesSourceRows);
        Assert.Contains("read_files(:p0, format => 'parquet')", statement.Text, StringComparison.Ordinal);
        Assert.Contains("CAST(`c1` AS DECIMAL(10,2)) AS `amt`", statement.Text, StringComparison.Ordinal);
        var path = Assert.Single(statement.Parameters).Value!;
        Assert.Matches("^/Volumes/main/default/v/_deltafunctions_staging/[0-9a-f]{32}\\.parquet$", path);
        Assert.DoesNotContain("DROP", statement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSql_NoStagingVolume_BindsRows()
    {
        var merge = new MergeBuilder(new TableName("main", "default", "t"))
            .WithStaging(null, 16)
            .UsingRows(Orders(1, 50, "a"), OrderColumns)
            .On("id")
            .WhenNotMatchedInsertAll();

        var statement = merge.ToSql();

        Assert.False(merge.StagesSourceRows);
        Assert.DoesNotContain("read_files", statement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithStaging_PathOutsideVolumes_Throws()
    {
        var merge = new MergeBuilder(new TableName("main", "default", "t"));

        var act = () => merge.WithStaging("/tmp/x");

        Assert.Throws<ArgumentException>(act);
    }

    [Fact]
    public async Task WriteTableAsync_StagedDecimalsWithMoreScale_RefusedNamingTheColumnNotRounded()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var rows = Enumerable.Range(1, 10).Select(i => new Order(i, i % 2 == 0 ? 1.005m : -2.675m, null)).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client(volume).WriteTableAsync(table, rows, WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct));
        var back = await Client(null).ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Contains("Column 'amt' is DECIMAL(10,2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("would be rounded", error.Message, StringComparison.Ordinal);
        Assert.Empty(back);
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task WriteTableAsync_StagedDecimalOverflow_RefusedBeforeAnythingIsStaged()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var rows = Enumerable.Range(1, 10).Select(i => new Order(i, i == 5 ? 123456789012.5m : i, null)).ToList();

        var act = () => Client(volume).WriteTableAsync(table, rows, WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(act);
        Assert.Contains("Column 'amt'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await StagedFilesAsync(volume));
        Assert.Empty(await Client(null).ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(150)]
    public async Task WriteTableAsync_StringNotANumber_RefusedWithColumnAndNothingWritten(int badRow)
    {
        // Row 7 falls in the sample that sizes the batch, row 150 only in the Parquet write: refused the same way.
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        var columns = new[] { SchemaColumn.Of("id", "BIGINT") };
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows =
            [.. Enumerable.Range(0, 200).Select(i => new Dictionary<string, object?> { ["id"] = i == badRow ? "not a number" : i.ToString(CultureInfo.InvariantCulture) })];

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(volume).WriteTableAsync(table, rows, WriteMode.Append, new WriteTableOptions { Columns = columns }, Ct));

        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await StagedFilesAsync(volume));
        Assert.Empty(await Client(null).ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task WriteTableAsync_CancelledWhileStatementRuns_DeletesStagedFile()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        await ArmFaultAsync(new JsonObject { ["method"] = "POST", ["path_prefix"] = StatementsPath, ["latency_ms"] = 5_000, ["count"] = 1 });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var recorder = new RecordingHandler(request =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath == StatementsPath)
            {
                // The statement request is on the wire (held 5 s by the emulator) when the caller gives up.
                cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
            }
        });
        using var client = RecordingClient(recorder);
        var sut = client.GetDeltaClient("main", "default", StagingOptions(volume));

        var act = () => sut.WriteTableAsync(table, Orders(1, 20, "x"), WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(act);
        Assert.Contains(recorder.Requests, r => r.Method == "PUT" && r.Path.Contains("/_deltafunctions_staging/", StringComparison.Ordinal));
        Assert.Contains(recorder.Requests, r => r.Method == "DELETE" && r.Path.Contains("/_deltafunctions_staging/", StringComparison.Ordinal));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task WriteTableAsync_UploadAnsweredWith503Once_ResendsTheWholeFileAndLoads()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        await ArmFaultAsync(new JsonObject
        {
            ["method"] = "PUT",
            ["path_prefix"] = "/api/2.0/fs/files" + volume + "/_deltafunctions_staging/",
            ["status"] = 503,
            ["error_code"] = "TEMPORARILY_UNAVAILABLE",
            ["count"] = 1,
        });
        var recorder = new RecordingHandler(_ => { });
        using var client = RecordingClient(recorder);
        var rows = Orders(1, 30, "retried");

        var result = await client.GetDeltaClient("main", "default", StagingOptions(volume)).WriteTableAsync(table, rows, WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct);
        var back = await Client(null).ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(result.Staged);
        Assert.Equal(2, recorder.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(rows, back.OrderBy(o => o.Id));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    [Fact]
    public async Task WriteTableAsync_UploadFails_RunsNoStatement()
    {
        var volume = await CreateVolumeAsync();
        var table = await CreateOrdersAsync();
        await ArmFaultAsync(new JsonObject
        {
            ["method"] = "PUT",
            ["path_prefix"] = "/api/2.0/fs/files" + volume + "/_deltafunctions_staging/",
            ["status"] = 400,
            ["error_code"] = "INVALID_PARAMETER_VALUE",
            ["message"] = "upload refused",
            ["count"] = 1,
        });
        var recorder = new RecordingHandler(_ => { });
        using var client = RecordingClient(recorder);
        var sut = client.GetDeltaClient("main", "default", StagingOptions(volume));

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.WriteTableAsync(table, Orders(1, 20, "x"), WriteMode.Append, new WriteTableOptions { Columns = OrderColumns }, Ct));

        Assert.Equal(400, (int)error.StatusCode!);
        Assert.Contains(recorder.Requests, r => r.Method == "PUT");
        Assert.DoesNotContain(recorder.Requests, r => r.Path.StartsWith(StatementsPath, StringComparison.Ordinal));
        Assert.Empty(await Client(null).ReadTableAsync<Order>(table, cancellationToken: Ct).ToListAsync(Ct));
        Assert.Empty(await StagedFilesAsync(volume));
    }

    private static DeltaClientOptions StagingOptions(string? volume) =>
        new() { RowEncoding = SourceRowEncoding.ValuesParameters, StagingVolumePath = volume, StagingThresholdBytes = 64 };

    private static List<Order> Orders(int from, int to, string note) =>
        [.. Enumerable.Range(from, to - from + 1).Select(i => new Order(i, i + 0.25m, note))];

    private static List<AllTypes> AllTypeRows() =>
    [
        new(1, true, sbyte.MinValue, short.MinValue, int.MinValue, float.NaN, double.NegativeInfinity, -99999999.99m, 1234567890123456789.0123456789m,
            new DateOnly(1, 1, 1), new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(5)).AddTicks(1234560), new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            "héllo 'quoted' \"double\" \\ back \n line", [0, 1, 254, 255]),
        new(2, false, sbyte.MaxValue, short.MaxValue, int.MaxValue, float.MaxValue, 0.1, 0.01m, -0.0000000001m,
            new DateOnly(9999, 12, 31), new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTime(2024, 6, 10, 12, 30, 45, DateTimeKind.Unspecified).AddTicks(999990),
            string.Empty, []),
        new(3, null, null, null, null, null, null, null, null, null, null, null, null, null),
        new(4, true, 0, 0, 0, -1.5f, double.Epsilon, 12.35m, 0m,
            new DateOnly(2000, 2, 29), new DateTimeOffset(2262, 4, 11, 23, 47, 16, TimeSpan.Zero), new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified),
            "emoji 😀 and ñ", new byte[300]),
    ];

    private static string Describe(AllTypes r) => string.Join('|', new object?[]
    {
        r.Id, r.Flag, r.Tiny, r.Small, r.Num,
        r.Real?.ToString("R", CultureInfo.InvariantCulture), r.Dbl?.ToString("R", CultureInfo.InvariantCulture),
        r.Money?.ToString(ExactDecimal, CultureInfo.InvariantCulture), r.Wide?.ToString(ExactDecimal, CultureInfo.InvariantCulture),
        r.Day?.ToString("O", CultureInfo.InvariantCulture),
        r.At?.UtcTicks, r.Wall?.Ticks, r.Name, r.Blob is null ? null : Convert.ToHexString(r.Blob),
    }.Select(v => v is null ? "∅" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private async Task ArmFaultAsync(JsonObject rule)
    {
        using var admin = lakehouse.Emulator.CreateClient();
        using var armed = await admin.PostAsJsonAsync("emulator/faults", rule, Ct);
        armed.EnsureSuccessStatusCode();
    }

    private DeltaClient Client(string? volume) => lakehouse.Client.GetDeltaClient("main", "default", StagingOptions(volume));

    private DatabricksClient RecordingClient(RecordingHandler recorder) =>
        TestDatabricksClients.Create(
            lakehouse.Emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(lakehouse.Emulator.Token),
            o => o.WarehouseId = lakehouse.Emulator.WarehouseId,
            httpClient: new HttpClient(recorder));

    private async Task<List<AllTypes>> ReadAllTypesAsync(string table)
    {
        var rows = await Client(null).ReadTableAsync<AllTypes>(table, cancellationToken: Ct).ToListAsync(Ct);
        return [.. rows.OrderBy(r => r.Id)];
    }

    private Task<string> CreateAllTypesAsync() => CreateTableAsync("staged_types", AllColumns);

    private async Task<List<string>> ComplexAsJsonAsync(string table)
    {
        var statement = SqlStatement.FromText(
            $"SELECT id, to_json(tags), to_json(attrs), to_json(point) FROM {new TableName("main", "default", table).ToSql()} ORDER BY id");
        return await lakehouse.Client.GetSqlClient().QueryAsync(statement, cancellationToken: Ct)
            .Select(r => string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r[i] is null ? "∅" : Convert.ToString(r[i], CultureInfo.InvariantCulture))))
            .ToListAsync(Ct);
    }

    private async Task<string> CreateTableAsync(string prefix, IReadOnlyList<SchemaColumn> columns)
    {
        var table = LakehouseEmulator.NewTable(prefix);
        var definition = string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.Type));
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {new TableName("main", "default", table).ToSql()} ({definition}) USING DELTA"), cancellationToken: Ct);
        return table;
    }

    private async Task<string> CreateOrdersAsync()
    {
        var table = LakehouseEmulator.NewTable("staged_orders");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {new TableName("main", "default", table).ToSql()} (id BIGINT, amt DECIMAL(10,2), note STRING) USING DELTA"), cancellationToken: Ct);
        return table;
    }

    private async Task<string> CreateVolumeAsync()
    {
        var name = "stage_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE VOLUME {SqlIdentifier.QuoteParts("main", "default", name)}"), cancellationToken: Ct);
        return $"/Volumes/main/default/{name}";
    }

    private async Task<List<string>> StagedFilesAsync(string volume)
    {
        try
        {
            return await lakehouse.Client.GetFilesClient().ListDirectoryAsync(volume + "/_deltafunctions_staging", cancellationToken: Ct).Select(e => e.Name ?? string.Empty).ToListAsync(Ct);
        }
        catch (DatabricksException e) when (e.IsNotFound)
        {
            return [];
        }
    }

    public sealed record Order(long Id, decimal Amt, string? Note);

    public sealed record Sparse(long Id, decimal? Amt, string? Note);

    public sealed record AllTypes(
        long Id, bool? Flag, sbyte? Tiny, short? Small, int? Num, float? Real, double? Dbl, decimal? Money, decimal? Wide,
        DateOnly? Day, DateTimeOffset? At, DateTime? Wall, string? Name, byte[]? Blob);

    /// <summary>Records every request (method and path) and lets a test react to one before it is sent.</summary>
    private sealed class RecordingHandler(Action<HttpRequestMessage> onRequest) : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

        public IReadOnlyList<(string Method, string Path)> Requests => [.. _requests];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _requests.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath));
            onRequest(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

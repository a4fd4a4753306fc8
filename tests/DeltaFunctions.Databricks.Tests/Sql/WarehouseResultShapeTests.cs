using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.Emulator;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// The result-shape ladder over loopback against classic and serverless emulator warehouses: identical typed rows
/// whichever pair served them, the refused pairs remembered per warehouse, attachments across chunks, LZ4 frames
/// inline and in external links, and query tags on the wire.
/// </summary>
public sealed class WarehouseResultShapeTests : IAsyncLifetime
{
    private const string Serverless = "serverless0001";
    private const string ServerlessHybrid = "serverless0002";

    private const string TypedQuery = """
        SELECT id,
               CAST('12345.678' AS DECIMAL(10,3)) AS dec,
               DATE '2024-02-29' AS day,
               TIMESTAMP '2024-06-10 08:00:00.123+02:00' AS instant,
               TIMESTAMP_NTZ '2024-06-10 08:00:00.123' AS wall,
               X'01FF' AS bin,
               array(1, 2, 3) AS arr,
               named_struct('x', CAST(5 AS BIGINT), 'y', 'z') AS st,
               CASE WHEN id % 3 = 0 THEN NULL ELSE concat('row ', CAST(id AS STRING)) END AS label
        FROM range(0, 250) AS r(id)
        ORDER BY id
        """;

    private EmulatorFixture _emulator = null!;

    public async ValueTask InitializeAsync()
    {
        DatabricksClient client;
        (_emulator, client) = await LakehouseEmulator.StartAsync(
            o => o with
            {
                Warehouses =
                [
                    new EmulatorWarehouse { Id = Serverless, Profile = EmulatorWarehouseProfile.Serverless },
                    new EmulatorWarehouse { Id = ServerlessHybrid, Profile = EmulatorWarehouseProfile.Serverless, OffersInlineOrExternalLinks = true },
                ],
            },
            Ct);
        client.Dispose();
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DatabricksClient NewClient(Action<DatabricksClientOptions>? configure = null) =>
        TestDatabricksClients.Create(
            _emulator.BaseAddress,
            DatabricksCredential.FromPersonalAccessToken(_emulator.Token),
            o =>
            {
                o.WarehouseId = _emulator.WarehouseId;
                configure?.Invoke(o);
            });

    private List<EmulatorStatementSubmission> SubmissionsTo(string warehouse) =>
        [.. _emulator.Host.StatementSubmissions.Where(s => s.WarehouseId == warehouse)];

    private static object?[][] Values(IEnumerable<SqlRow> rows) =>
        [.. rows.Select(row => Enumerable.Range(0, row.FieldCount).Select(i => row[i]).ToArray())];

    [Fact]
    public async Task ReadRowsAsync_SameQueryOnClassicAndServerless_IdenticalTypedRows()
    {
        using var client = NewClient();
        var sut = client.GetSqlClient();
        var statement = SqlStatement.FromText(TypedQuery);

        var classic = await sut.ExecuteAsync(statement, cancellationToken: Ct);
        var serverless = await sut.ExecuteAsync(statement, new SqlExecuteOptions { WarehouseId = Serverless }, Ct);
        var classicRows = Values(await sut.ReadRowsAsync(classic, Ct).ToListAsync(Ct));
        var serverlessRows = Values(await sut.ReadRowsAsync(serverless, Ct).ToListAsync(Ct));
        var serverlessArrowRows = Values(await sut.QueryAsync(statement, new SqlExecuteOptions { WarehouseId = Serverless }, Ct).ToListAsync(Ct));

        Assert.Equal(ResultFormat.JsonArray, classic.Manifest!.Format);
        Assert.Equal(ResultFormat.ArrowStream, serverless.Manifest!.Format);
        Assert.NotNull(serverless.Result!.Attachment);
        Assert.Equal(250, classicRows.Length);
        Assert.Equal(classicRows, serverlessRows);
        Assert.Equal(classicRows, serverlessArrowRows);
        Assert.Equal(new DateOnly(2024, 2, 29), classicRows[7][2]);
        Assert.Null(classicRows[3][8]);
        Assert.Equal("row 7", classicRows[7][8]);
    }

    [Fact]
    public async Task ExecuteAsync_SecondStatementOnServerless_GoesStraightToTheWorkingPair()
    {
        using var client = NewClient(o => o.WarehouseId = Serverless);
        var statement = SqlStatement.FromText("SELECT id FROM range(0, 5) AS r(id)");

        await client.GetSqlClient().ExecuteAsync(statement, cancellationToken: Ct);
        var firstStatement = SubmissionsTo(Serverless);
        await client.GetSqlClient().ExecuteAsync(statement, cancellationToken: Ct);
        var secondStatement = SubmissionsTo(Serverless).Skip(firstStatement.Count).ToList();

        Assert.Equal(
            ["JSON_ARRAY+INLINE", "JSON_ARRAY+EXTERNAL_LINKS", "ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS", "ARROW_STREAM+INLINE"],
            firstStatement.Select(s => $"{s.Format}+{s.Disposition}"));
        Assert.Equal(["INVALID_PARAMETER_VALUE", "NOT_IMPLEMENTED", "INVALID_PARAMETER_VALUE", null], firstStatement.Select(s => s.ErrorCode));
        var second = Assert.Single(secondStatement);
        Assert.Equal(("ARROW_STREAM", "INLINE", null), (second.Format, second.Disposition, second.ErrorCode));
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentFirstStatements_AllSucceedAndTheNextGoesStraight()
    {
        using var client = NewClient(o => o.WarehouseId = Serverless);
        var statement = SqlStatement.FromText("SELECT id FROM range(0, 3) AS r(id) ORDER BY id");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetSqlClient().ExecuteAsync(statement, cancellationToken: Ct)));
        var before = SubmissionsTo(Serverless).Count;
        await client.GetSqlClient().ExecuteAsync(statement, cancellationToken: Ct);

        Assert.All(responses, r => Assert.Equal(ResultFormat.ArrowStream, r.Manifest!.Format));
        Assert.Equal(8, SubmissionsTo(Serverless).Count(s => s.ErrorCode is null) - 1);
        var last = Assert.Single(SubmissionsTo(Serverless).Skip(before));
        Assert.Equal(("ARROW_STREAM", "INLINE", null), (last.Format, last.Disposition, last.ErrorCode));
    }

    [Fact]
    public async Task QueryAsync_ArrowOnServerlessOfferingHybrid_UsesInlineOrExternalLinksAndStaysArrow()
    {
        using var client = NewClient(o => o.WarehouseId = ServerlessHybrid);
        var sut = client.GetSqlClient();

        var batches = await sut.QueryArrowAsync(SqlStatement.FromText("SELECT id FROM range(0, 250) AS r(id) ORDER BY id"), cancellationToken: Ct).ToListAsync(Ct);
        var again = await sut.QueryArrowAsync(SqlStatement.FromText("SELECT 1 AS one"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(250, batches.Sum(b => b.Length));
        Assert.Equal(3, batches.Count);
        Assert.Single(again);
        Assert.Equal(
            ["ARROW_STREAM+EXTERNAL_LINKS", "ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS", "ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS"],
            SubmissionsTo(ServerlessHybrid).Select(s => $"{s.Format}+{s.Disposition}"));
    }

    [Fact]
    public async Task ReadRowsAsync_AttachmentSplitAcrossChunks_ReadsEveryChunkInOrder()
    {
        using var client = NewClient(o => o.WarehouseId = Serverless);
        var sut = client.GetSqlClient();

        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 1050) AS r(id) ORDER BY id"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream }, Ct);
        var ids = await sut.ReadRowsAsync(response, Ct).Select(r => (long)r[0]!).ToListAsync(Ct);

        Assert.Equal(11, response.Manifest!.TotalChunkCount);
        Assert.NotNull(response.Result!.Attachment);
        Assert.Equal(1, response.Result.NextChunkIndex);
        Assert.Equal(Enumerable.Range(0, 1050).Select(i => (long)i), ids);
    }

    [Theory]
    [InlineData(Serverless)]
    [InlineData("emulator0000001")]
    public async Task QueryAsync_ArrowResults_AskForLz4AndDecodeIt(string warehouse)
    {
        using var client = NewClient(o => o.WarehouseId = warehouse);
        var sut = client.GetSqlClient();

        var response = await sut.ExecuteAsync(
            SqlStatement.FromText("SELECT id, concat('label ', CAST(id AS STRING)) AS label FROM range(0, 250) AS r(id) ORDER BY id"),
            new SqlExecuteOptions { Format = ResultFormat.ArrowStream },
            Ct);
        var rows = await sut.ReadRowsAsync(response, Ct).ToListAsync(Ct);

        Assert.Equal("LZ4_FRAME", response.Manifest!.ResultCompression);
        Assert.All(SubmissionsTo(warehouse).Where(s => s.ErrorCode is null), s => Assert.Equal("LZ4_FRAME", s.ResultCompression));
        Assert.Equal(warehouse == Serverless, response.Result!.Attachment is not null);
        Assert.Equal(warehouse != Serverless, response.Result.ExternalLinks is not null);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), rows.Select(r => (long)r["id"]!));
        Assert.Equal("label 249", rows[^1]["label"]);
    }

    [Fact]
    public async Task QueryAsync_CompressionNone_AsksForPlainArrow()
    {
        using var client = NewClient();

        var response = await client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT 1 AS one"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream, ResultCompression = ResultCompression.None }, Ct);

        Assert.Null(response.Manifest!.ResultCompression);
        Assert.Equal("NONE", _emulator.Host.StatementSubmissions[^1].ResultCompression);
    }

    [Fact]
    public async Task ExecuteAsync_InlineLimitOnServerlessWithoutLinks_ReportsTheInlineLimit()
    {
        await using var emulator = await EmulatorFixture.StartAsync(
            o => o with { WarehouseProfile = EmulatorWarehouseProfile.Serverless, InlineResultByteLimit = 2048 }, Ct);
        using var client = TestDatabricksClients.Create(
            emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(emulator.Token), o => o.WarehouseId = emulator.WarehouseId);

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT id FROM range(0, 1000) AS r(id)"), cancellationToken: Ct));

        Assert.True(error.IsInlineLimitExceeded, error.Message);
        Assert.Equal(
            ["JSON_ARRAY+INLINE", "JSON_ARRAY+EXTERNAL_LINKS", "ARROW_STREAM+INLINE_OR_EXTERNAL_LINKS", "ARROW_STREAM+INLINE", "ARROW_STREAM+EXTERNAL_LINKS"],
            emulator.Host.StatementSubmissions.Select(s => $"{s.Format}+{s.Disposition}"));
    }

    [Fact]
    public async Task ExecuteAsync_ExplicitDispositionRefused_SurfacesTheErrorWithoutFallback()
    {
        using var client = NewClient(o => o.WarehouseId = Serverless);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT 1"), new SqlExecuteOptions { Format = ResultFormat.ArrowStream, Disposition = ResultDisposition.ExternalLinks }, Ct));

        Assert.Equal(DatabricksErrorCode.NotImplemented, error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Single(SubmissionsTo(Serverless));
    }

    [Fact]
    public async Task ExecuteAsync_QueryTagsFromOptionsScopeAndCall_SentMergedPerKey()
    {
        using var client = NewClient(o =>
        {
            o.QueryTags["team"] = "data";
            o.QueryTags["env"] = "test";
        });

        using (SqlQueryTagScope.Begin(new Dictionary<string, string?> { ["function_name"] = "SqlHttp", ["env"] = "scope" }))
        {
            await client.GetSqlClient().ExecuteAsync(
                SqlStatement.FromText("SELECT 1"),
                new SqlExecuteOptions { QueryTags = new Dictionary<string, string?> { ["env"] = "call", ["flag"] = null } },
                Ct);
        }

        await client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 2"), cancellationToken: Ct);

        var submissions = _emulator.Host.StatementSubmissions;
        Assert.Equal(
            [new("team", "data"), new("env", "call"), new("function_name", "SqlHttp"), new KeyValuePair<string, string?>("flag", null)],
            submissions[^2].QueryTags);
        Assert.Equal([new("team", "data"), new KeyValuePair<string, string?>("env", "test")], submissions[^1].QueryTags);
    }

    [Fact]
    public async Task ExecuteAsync_MoreThanTwentyQueryTags_ThrowsNamingTheLimitAndSendsNothing()
    {
        using var client = NewClient(o =>
        {
            for (var i = 0; i < 15; i++)
            {
                o.QueryTags[$"default{i}"] = "x";
            }
        });
        var perCall = Enumerable.Range(0, 6).ToDictionary(i => $"call{i}", i => (string?)"y");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT 1"), new SqlExecuteOptions { QueryTags = perCall }, Ct));

        Assert.Contains("at most 20 query tags", error.Message, StringComparison.Ordinal);
        Assert.Contains("21", error.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Host.StatementSubmissions);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task ExecuteAsync_BlankQueryTagKey_ThrowsNamingTheSource(string key)
    {
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT 1"), new SqlExecuteOptions { QueryTags = new Dictionary<string, string?> { [key] = "v" } }, Ct));

        Assert.StartsWith("SqlExecuteOptions.QueryTags: a query tag key must not be empty", error.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Host.StatementSubmissions);
    }

    [Fact]
    public void Begin_ScopesNest_InnerOverridesThenRestoresOuter()
    {
        using (SqlQueryTagScope.Begin(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "1" }))
        {
            using (SqlQueryTagScope.Begin(new Dictionary<string, string?> { ["b"] = "2" }))
            {
                Assert.Equal(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" }, SqlQueryTagScope.Current);
            }

            Assert.Equal(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "1" }, SqlQueryTagScope.Current);
        }

        Assert.Null(SqlQueryTagScope.Current);
    }

    [Fact]
    public async Task ExecuteAsync_Failed_SurfacesSqlStateFromStatusSqlState()
    {
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<SqlStatementException>(() => client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText("SELECT * FROM main.default.no_such_table_for_sql_state"), cancellationToken: Ct));
        var status = (await client.GetSqlClient().GetStatementAsync(error.StatementId!, Ct)).Status;

        Assert.NotNull(status.SqlState);
        Assert.Equal(status.SqlState, error.SqlState);
    }
}

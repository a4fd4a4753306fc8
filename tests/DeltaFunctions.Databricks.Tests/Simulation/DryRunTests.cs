using System.Reflection;
using System.Text;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Catalog;
using DeltaFunctions.Databricks.Configuration;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Files;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Simulation;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Streaming;
using DeltaFunctions.TestUtilities.Emulator;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Configuration;

namespace DeltaFunctions.Databricks.Tests.Simulation;

/// <summary>
/// Dry run (<see cref="DatabricksClientOptions.DryRun"/> and the per-call flags) against the emulator over loopback:
/// every mutating public method sends nothing (counted at the <see cref="HttpMessageHandler"/>) and returns exactly
/// what it would have sent, with secrets redacted; reads still go through.
/// </summary>
public sealed class DryRunTests : IClassFixture<EmulatorFixture>, IDisposable
{
    /// <summary>A personal access token placed in request bodies to prove it never leaves redacted.</summary>
    private const string Secret = "dapi0123456789abcdef0123456789abcdef";

    private const string Volume = "/Volumes/main/default/dryrun";

    private readonly EmulatorFixture _emulator;
    private readonly CountingHandler _handler = new();
    private readonly HttpClient _http;
    private readonly DatabricksClient _sut;
    private readonly DatabricksClient _live;

    public DryRunTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _http = new HttpClient(_handler);
        _sut = TestDatabricksClients.Create(
            emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(emulator.Token), o => { o.WarehouseId = "wh-1"; o.DryRun = true; }, httpClient: _http);
        _live = TestDatabricksClients.Create(emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(emulator.Token), o => o.WarehouseId = emulator.WarehouseId);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WriteTableOptions Columns { get; } = new() { Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("name", "STRING")] };

    /// <summary>The mutating public methods (as <c>Type.Method</c>) and how each is called under dry run; it returns the requests reported.</summary>
    private static Dictionary<string, Func<DryRunTests, Task<IReadOnlyList<DryRunRequest>>>> Cases { get; } = new()
    {
        ["JobsClient.SubmitRunAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Jobs.SubmitRunAsync(SecretRun(), Ct))).DryRunRequests,
        ["JobsClient.StartSubmitRunAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Jobs.StartSubmitRunAsync(SecretRun(), Ct))).DryRunRequests,
        ["JobsClient.RunNowAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Jobs.RunNowAsync(SecretRunNow(), Ct))).DryRunRequests,
        ["JobsClient.StartRunNowAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Jobs.StartRunNowAsync(SecretRunNow(), Ct))).DryRunRequests,
        ["JobsClient.CancelRunAsync"] = async t => (await t.Jobs.CancelRunAsync(42, Ct)).DryRunRequests,
        ["JobsClient.CreateJobAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Jobs.CreateJobAsync(SecretJob(), Ct))).DryRunRequests,
        ["JobsClient.ResetJobAsync"] = async t => (await t.Jobs.ResetJobAsync(7, SecretJob(), Ct)).DryRunRequests,
        ["JobsClient.DeleteJobAsync"] = async t => (await t.Jobs.DeleteJobAsync(7, Ct)).DryRunRequests,
        ["JobsClient.DeployStreamingJobAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Jobs.DeployStreamingJobAsync(Streaming("/Workspace/etl/stream.py"), Ct))).DryRunRequests,
        ["FilesClient.UploadAsync"] = async t => (await t.Files.UploadAsync(Volume + "/a b.csv", Encoding.UTF8.GetBytes("token=" + Secret), overwrite: false, Ct)).DryRunRequests,
        ["FilesClient.DeleteAsync"] = async t => (await t.Files.DeleteAsync(Volume + "/a.csv", Ct)).DryRunRequests,
        ["FilesClient.CreateDirectoryAsync"] = async t => (await t.Files.CreateDirectoryAsync(Volume + "/dir", Ct)).DryRunRequests,
        ["FilesClient.DeleteDirectoryAsync"] = async t => (await t.Files.DeleteDirectoryAsync(Volume + "/dir", Ct)).DryRunRequests,
        ["SqlClient.ExecuteAsync"] = async t => (await t.Sql.ExecuteAsync(SecretStatement(), cancellationToken: Ct)).DryRunRequests,
        ["SqlClient.StartAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Sql.StartAsync(SecretStatement(), cancellationToken: Ct))).DryRunRequests,
        ["SqlClient.QueryAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Sql.QueryAsync(SecretStatement(), cancellationToken: Ct).ToListAsync(Ct).AsTask())).DryRunRequests,
        ["SqlClient.QueryArrowAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Sql.QueryArrowAsync(SecretStatement(), cancellationToken: Ct).ToListAsync(Ct).AsTask())).DryRunRequests,
        ["SqlClient.ReadAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Sql.ReadAsync<long>(SecretStatement(), cancellationToken: Ct).ToListAsync(Ct).AsTask())).DryRunRequests,
        ["DeltaClient.WriteTableAsync"] = async t => (await t.Delta.WriteTableAsync("t", [new Row(1, Secret)], WriteMode.Append, Columns, Ct)).DryRunRequests,
        ["DeltaClient.DeleteAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Delta.DeleteAsync("t", SqlFilter.Equal("id", 2L), Ct))).DryRunRequests,
        ["DeltaClient.UpdateAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Delta.UpdateAsync("t", [MergeAssignment.Value("name", "x")], SqlFilter.Equal("id", 2L), Ct))).DryRunRequests,
        ["DeltaClient.OptimizeAsync"] = async t => (await t.Delta.OptimizeAsync("t", zOrderBy: ["id"], cancellationToken: Ct)).DryRunRequests,
        ["DeltaClient.StartOptimizeAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Delta.StartOptimizeAsync("t", cancellationToken: Ct))).DryRunRequests,
        ["DeltaClient.VacuumAsync"] = async t => (await t.Delta.VacuumAsync("t", new VacuumOptions { DryRun = false, RetentionHours = 200 }, Ct)).DryRunRequests,
        ["DeltaClient.StartVacuumAsync"] = async t => (await Assert.ThrowsAsync<DryRunException>(() => t.Delta.StartVacuumAsync("t", new VacuumOptions { DryRun = false }, Ct))).DryRunRequests,
        ["DeltaClient.CreateTableAsync"] = async t => (await t.Delta.CreateTableAsync("t", Columns.Columns!, new CreateTableOptions { Clustering = TableClustering.By("id") }, Ct)).DryRunRequests,
        ["DeltaClient.SetClusteringAsync"] = async t => (await t.Delta.SetClusteringAsync("t", TableClustering.Auto, Ct)).DryRunRequests,
        ["DeltaClient.RestoreAsync"] = async t => (await t.Delta.RestoreAsync("t", 3, Ct)).DryRunRequests,
        ["MergeBuilder.ExecuteAsync"] = async t => (await t.Delta.Merge("t").UsingRows([new Row(1, Secret)], Columns.Columns).On("id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().ExecuteAsync(Ct)).DryRunRequests,
        ["SchemaClient.EvolveSchemaAsync"] = async t => (await t.Schema.EvolveSchemaAsync(await t.SeedTableAsync("evolve"), new TableSchema([SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("name", "STRING"), SchemaColumn.Of("note", "STRING")]), Ct)).DryRunRequests,
        ["RunOperation.CancelAsync"] = async t => (await (await t.Jobs.GetRunOperationAsync(await t.LiveRunAsync(), Ct)).CancelAsync(Ct)).DryRunRequests,
    };

    /// <summary>
    /// Public methods that send requests but change no data, so they run under dry run: cancelling a statement (one a
    /// dry run started cannot exist) and starting a warehouse (compute reads need; it changes no data).
    /// </summary>
    private static readonly HashSet<string> NotMutating = ["SqlClient.CancelAsync", "SqlStatementOperation.CancelAsync", "WarehousesClient.StartWarehouseAsync"];

    private static readonly string[] ReadPrefixes = ["Get", "List", "Read", "Describe", "Download", "Fetch", "WaitFor", "UpdateStatus", "CheckCompatibility", "Table", "Merge"];

    public static TheoryData<string> MutatingMethods => [.. Cases.Keys.Order(StringComparer.Ordinal)];

    private JobsClient Jobs => _sut.GetJobsClient();

    private FilesClient Files => _sut.GetFilesClient();

    private SqlClient Sql => _sut.GetSqlClient();

    private DeltaClient Delta => _sut.GetDeltaClient("main", "default");

    private SchemaClient Schema => _sut.GetSchemaClient();

    public void Dispose()
    {
        _sut.Dispose();
        _live.Dispose();
        _http.Dispose();
    }

    [Fact]
    public void MutatingPublicMethods_EveryOneHasADryRunCase()
    {
        Type[] clients = [typeof(JobsClient), typeof(FilesClient), typeof(SqlClient), typeof(DeltaClient), typeof(SchemaClient), typeof(MergeBuilder),
            typeof(CatalogClient), typeof(WarehousesClient), typeof(RunOperation), typeof(SqlStatementOperation)];

        var sending = clients
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && IsAsync(m.ReturnType))
                .Select(m => type.Name + "." + m.Name))
            .Distinct()
            .ToList();
        var missing = sending
            .Where(name => !Cases.ContainsKey(name) && !NotMutating.Contains(name) && !ReadPrefixes.Any(p => name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..].StartsWith(p, StringComparison.Ordinal)))
            .ToList();

        Assert.True(sending.Count > 40, $"only {sending.Count} async public methods found: the reflection is wrong");
        Assert.Empty(missing);
        Assert.All(Cases.Keys, name => Assert.Contains(name, sending));
    }

    [Fact]
    public async Task CreateTableAndClustering_UnderDryRun_ReturnTheExactDdlAndLeaveTheCatalogAlone()
    {
        var create = await Delta.CreateTableAsync("dry_clustered", Columns.Columns!, new CreateTableOptions { Clustering = TableClustering.By("id") }, Ct);
        var alter = await Delta.SetClusteringAsync("dry_clustered", TableClustering.Auto, Ct);

        Assert.Equal(0, _handler.Count);
        Assert.True(create.IsDryRun);
        Assert.Equal("CREATE TABLE `main`.`default`.`dry_clustered` (`id` BIGINT, `name` STRING) CLUSTER BY (`id`)", Assert.Single(create.DryRunRequests).Statement!.Text);
        Assert.Equal("ALTER TABLE `main`.`default`.`dry_clustered` CLUSTER BY AUTO", Assert.Single(alter.DryRunRequests).Statement!.Text);
        var missing = await Assert.ThrowsAsync<SqlStatementException>(() => _live.GetDeltaClient("main", "default").DescribeHistoryAsync("dry_clustered", cancellationToken: Ct));
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", missing.ErrorClass);
    }

    [Theory]
    [MemberData(nameof(MutatingMethods))]
    public async Task MutatingMethod_UnderDryRun_SendsNothingAndReportsTheRequest(string method)
    {
        var reads = method switch
        {
            "SchemaClient.EvolveSchemaAsync" => 1,
            "RunOperation.CancelAsync" => 1,
            _ => 0,
        };

        var requests = await Cases[method](this);

        Assert.Equal(reads, _handler.Count);
        Assert.All(_handler.Requests, r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.DoesNotContain(Secret, r.Body ?? string.Empty, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain(Secret, r.Statement?.Text ?? string.Empty, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.All(r.Statement?.Parameters ?? [], p => Assert.DoesNotContain(Secret, p.Value ?? string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SubmitRunAsync_DryRun_ReportsTheExactBodyWithTheTokenRedacted()
    {
        var error = await Assert.ThrowsAsync<DryRunException>(() => Jobs.SubmitRunAsync(SecretRun(), Ct));

        var request = Assert.Single(error.DryRunRequests);
        Assert.Equal(0, _handler.Count);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/2.2/jobs/runs/submit", request.Path);
        Assert.Equal(
            """{"run_name":"nightly","tasks":[{"task_key":"load","notebook_task":{"notebook_path":"/Workspace/etl/load","base_parameters":{"token":"***"}}}],"idempotency_token":"dry-run-1"}""",
            request.Body);
        Assert.Equal("application/json", request.ContentType);
        Assert.Null(request.Statement);
        Assert.False(request.IsUnclassifiedSql);
        Assert.Equal(DatabricksErrorCode.ClientDryRun, error.ErrorCode);
        Assert.False(error.IsTransient);
        Assert.Equal("JobsClient.SubmitRunAsync", error.Operation);
    }

    [Fact]
    public async Task DeleteAsync_DryRun_ReportsTheStatementTextParametersAndBody()
    {
        var error = await Assert.ThrowsAsync<DryRunException>(() => Delta.DeleteAsync("t", SqlFilter.Equal("id", 2L), Ct));

        var request = Assert.Single(error.DryRunRequests);
        Assert.Equal(0, _handler.Count);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/2.0/sql/statements", request.Path);
        Assert.Equal("DELETE FROM `main`.`default`.`t` WHERE `id` = :p0", request.Statement!.Text);
        var parameter = Assert.Single(request.Statement.Parameters);
        Assert.Equal(("p0", "2", "BIGINT"), (parameter.Name, parameter.Value, parameter.Type));
        Assert.Equal(
            """{"statement":"DELETE FROM \u0060main\u0060.\u0060default\u0060.\u0060t\u0060 WHERE \u0060id\u0060 = :p0","warehouse_id":"wh-1","catalog":"main","schema":"default","parameters":[{"name":"p0","value":"2","type":"BIGINT"}],"wait_timeout":"10s","disposition":"INLINE","format":"JSON_ARRAY"}""",
            request.Body);
        Assert.False(request.IsUnclassifiedSql);
    }

    [Fact]
    public async Task WriteTableAsync_DryRunWithSecretValue_RedactsItInTextParametersAndBody()
    {
        var result = await Delta.WriteTableAsync("t", [new Row(1, Secret)], WriteMode.Append, Columns, Ct);

        var request = Assert.Single(result.DryRunRequests);
        Assert.True(result.IsDryRun);
        Assert.Equal((0L, 0L, false), (result.NumAffectedRows, result.NumInsertedRows, result.Staged));
        Assert.Equal(0, _handler.Count);
        Assert.StartsWith("INSERT INTO `main`.`default`.`t` (`id`, `name`) ", request.Statement!.Text, StringComparison.Ordinal);
        var rows = Assert.Single(request.Statement.Parameters);
        Assert.Equal("""[{"c0":1,"c1":"***"}]""", rows.Value);
        Assert.Contains("""\u0022c1\u0022:\u0022***\u0022""", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteTableAsync_DryRunOverStagingThreshold_ReportsUploadStatementAndDeleteOfOneFile()
    {
        var options = Columns with { StagingVolumePath = Volume, StagingThresholdBytes = 0 };

        var result = await Delta.WriteTableAsync("t", [new Row(1, "a"), new Row(2, "b")], WriteMode.Append, options, Ct);

        Assert.Equal(0, _handler.Count);
        Assert.True(result.Staged);
        Assert.Equal(3, result.DryRunRequests.Count);
        var (upload, statement, delete) = (result.DryRunRequests[0], result.DryRunRequests[1], result.DryRunRequests[2]);
        var staged = Assert.Single(statement.Statement!.Parameters).Value!;
        Assert.StartsWith(Volume + "/_deltafunctions_staging/", staged, StringComparison.Ordinal);
        var route = FilesClient.Route("files", staged);
        Assert.Equal(("PUT", route + "?overwrite=true", "application/octet-stream"), (upload.Method, upload.Path, upload.ContentType));
        Assert.True(upload.ContentLength > 0);
        Assert.Null(upload.Body);
        Assert.Contains("read_files(:p0, format => 'parquet')", statement.Statement.Text, StringComparison.Ordinal);
        Assert.Equal(("DELETE", route), (delete.Method, delete.Path));
    }

    [Fact]
    public async Task UploadAsync_DryRun_DescribesTheBinaryBodyAndEscapedPath()
    {
        var result = await Files.UploadAsync(Volume + "/a b.csv", new byte[] { 1, 2, 3 }, overwrite: false, Ct);

        var request = Assert.Single(result.DryRunRequests);
        Assert.Equal(0, _handler.Count);
        Assert.Equal(("PUT", "/api/2.0/fs/files/Volumes/main/default/dryrun/a%20b.csv?overwrite=false"), (request.Method, request.Path));
        Assert.Equal(("application/octet-stream", 3L), (request.ContentType, request.ContentLength));
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task DeployStreamingJobAsync_DryRunToWorkspace_ReportsMkdirsImportAndCreate()
    {
        var error = await Assert.ThrowsAsync<DryRunException>(() => Jobs.DeployStreamingJobAsync(Streaming("/Workspace/etl/stream.py"), Ct));

        Assert.Equal(0, _handler.Count);
        Assert.Equal(
            ["POST /api/2.0/workspace/mkdirs", "POST /api/2.0/workspace/import", "POST /api/2.2/jobs/create"],
            error.DryRunRequests.Select(r => r.Method + " " + r.Path));
        Assert.Equal("""{"path":"/Workspace/etl"}""", error.DryRunRequests[0].Body);
        Assert.StartsWith("""{"path":"/Workspace/etl/stream.py","format":"AUTO","content":""", error.DryRunRequests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ArbitrarySqlUnderDryRun_SaysItWasNotExecutedAndWhy()
    {
        var response = await Sql.ExecuteAsync(SqlStatement.FromText("SELECT 1"), cancellationToken: Ct);

        Assert.Equal(0, _handler.Count);
        Assert.True(response.IsDryRun);
        Assert.Equal(StatementState.NotExecuted, response.Status.State);
        Assert.Equal(StatementResponse.NotExecutedStatementId, response.StatementId);
        var request = Assert.Single(response.DryRunRequests);
        Assert.True(request.IsUnclassifiedSql);
        Assert.Equal(
            "Dry run: arbitrary SQL is not executed, because the client cannot know whether it only reads. Pass SqlExecuteOptions.DryRun = false for a statement you know is read-only.",
            request.Reason);
        Assert.Equal("SELECT 1", request.Statement!.Text);
    }

    [Fact]
    public async Task ExecuteAsync_DryRunFalsePerCall_RunsUnderClientDryRun()
    {
        using var sut = CreateDryRunClient();

        var response = await sut.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 41 + 1 AS answer"), new SqlExecuteOptions { DryRun = false }, Ct);

        Assert.False(response.IsDryRun);
        Assert.Equal(StatementState.Succeeded, response.Status.State);
        Assert.Equal("42", response.Result!.DataArray![0][0]);
    }

    [Fact]
    public async Task ExecuteAsync_DryRunTruePerCall_SendsNothingWithoutClientDryRun()
    {
        using var sut = TestDatabricksClients.Create(
            _emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(_emulator.Token), o => o.WarehouseId = _emulator.WarehouseId, httpClient: _http);

        var response = await sut.GetSqlClient().ExecuteAsync(SqlStatement.FromText("DROP TABLE main.default.anything"), new SqlExecuteOptions { DryRun = true }, Ct);

        Assert.Equal(0, _handler.Count);
        Assert.True(response.IsDryRun);
        Assert.Equal("DROP TABLE main.default.anything", response.DryRunRequests[0].Statement!.Text);
    }

    [Fact]
    public async Task Reads_UnderDryRun_StillGoThroughToTheWorkspace()
    {
        var table = await SeedTableAsync("reads");
        using var sut = CreateDryRunClient();
        var delta = sut.GetDeltaClient("main", "default");

        var rows = await delta.ReadTableAsync<Row>(table.Table, cancellationToken: Ct).ToListAsync(Ct);
        var history = await delta.DescribeHistoryAsync(table.Table, cancellationToken: Ct);
        var listed = await delta.VacuumAsync(table.Table, new VacuumOptions { DryRun = true }, Ct);
        var schema = await sut.GetSchemaClient().GetSchemaAsync(table, Ct);
        var jobs = await sut.GetJobsClient().ListJobsAsync(cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([new Row(1, "a"), new Row(2, "b")], rows.OrderBy(r => r.Id));
        Assert.NotEmpty(history);
        Assert.False(listed.IsDryRun);
        Assert.True(listed.DryRun);
        Assert.Equal(["id", "name"], schema.Columns.Select(c => c.Name));
        Assert.NotNull(jobs);
        Assert.True(_handler.Count >= 5, $"{_handler.Count} requests");
    }

    [Fact]
    public async Task MergeAsync_DryRunFromClientThenRealPerCall_OnlyTheRealOneChangesTheTable()
    {
        var table = await SeedTableAsync("merge");
        using var sut = CreateDryRunClient();
        var delta = sut.GetDeltaClient("main", "default");

        var dry = await delta.Merge(table.Table).UsingRows([new Row(3, "c")], Columns.Columns).On("id").WhenNotMatchedInsertAll().ExecuteAsync(Ct);
        var countAfterDry = await CountAsync(table);
        var real = await delta.Merge(table.Table).UsingRows([new Row(3, "c")], Columns.Columns).On("id").WhenNotMatchedInsertAll().WithDryRun(false).ExecuteAsync(Ct);
        var countAfterReal = await CountAsync(table);

        Assert.True(dry.IsDryRun);
        Assert.StartsWith("MERGE INTO `main`.`default`.`" + table.Table + "` AS `t` USING ", dry.DryRunRequests[0].Statement!.Text, StringComparison.Ordinal);
        Assert.Equal(2, countAfterDry);
        Assert.False(real.IsDryRun);
        Assert.Equal(1, real.NumInsertedRows);
        Assert.Equal(3, countAfterReal);
    }

    [Fact]
    public async Task WriteTableAsync_DryRunPerCallWithoutClientDryRun_LeavesTheTableAlone()
    {
        var table = await SeedTableAsync("percall");
        var delta = _live.GetDeltaClient("main", "default");

        var result = await delta.WriteTableAsync(table.Table, [new Row(9, "z")], WriteMode.Overwrite, Columns with { DryRun = true }, Ct);

        Assert.True(result.IsDryRun);
        Assert.StartsWith("INSERT OVERWRITE ", result.DryRunRequests[0].Statement!.Text, StringComparison.Ordinal);
        Assert.Equal(2, await CountAsync(table));
    }

    [Fact]
    public async Task DeltaClientOptions_DryRunFalse_OverridesTheClientSwitch()
    {
        var table = await SeedTableAsync("override");
        using var sut = CreateDryRunClient();

        var deleted = await sut.GetDeltaClient("main", "default", new DeltaClientOptions { DryRun = false }).DeleteAsync(table.Table, SqlFilter.Equal("id", 1L), Ct);

        Assert.Equal(1, deleted);
        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task EvolveSchemaAsync_DryRun_ReportsTheAlterStatementsAndLeavesTheTable()
    {
        var table = await SeedTableAsync("evolve_dry");
        using var sut = CreateDryRunClient();

        var report = await sut.GetSchemaClient().EvolveSchemaAsync(
            table, new TableSchema([SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("name", "STRING"), SchemaColumn.Of("note", "STRING")]), Ct);
        var after = await _live.GetSchemaClient().GetSchemaAsync(table, Ct);

        Assert.True(report.IsDryRun);
        Assert.Equal(report.ToAlterStatements(table), report.DryRunRequests.Select(r => r.Statement!.Text));
        Assert.Equal(["id", "name"], after.Columns.Select(c => c.Name));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void Bind_DatabricksDryRunVariable_SetsTheSwitch(string value, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DATABRICKS_DRY_RUN"] = value }).Build();
        var options = new DatabricksClientOptions();

        DatabricksConfiguration.Bind(configuration, options);

        Assert.Equal(expected, options.DryRun);
    }

    [Fact]
    public void Bind_SectionKey_WinsOverTheVariable()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABRICKS_DRY_RUN"] = "false",
            ["Databricks:DryRun"] = "true",
        }).Build();
        var options = new DatabricksClientOptions();

        DatabricksConfiguration.Bind(configuration, options);

        Assert.True(options.DryRun);
    }

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));

    private static SubmitRun SecretRun() => new SubmitRunBuilder()
        .WithRunName("nightly")
        .AddTask(new JobTaskBuilder("load").Notebook("/Workspace/etl/load", new Dictionary<string, string> { ["token"] = Secret }).OnServerless())
        .WithIdempotencyToken("dry-run-1")
        .Build();

    private static RunNow SecretRunNow() => new() { JobId = 7, JobParameters = new Dictionary<string, string> { ["pat"] = Secret }, IdempotencyToken = "dry-run-2" };

    private static JobSettings SecretJob() => new JobSettingsBuilder("nightly")
        .AddTask(new JobTaskBuilder("load").Notebook("/Workspace/etl/load", new Dictionary<string, string> { ["token"] = Secret }).OnServerless())
        .Build();

    private static SqlStatement SecretStatement() => new("SELECT :t AS t", [new StatementParameter { Name = "t", Value = Secret }]);

    private static StreamingJobDefinition Streaming(string path) => new StreamingJobBuilder("s")
        .FromDeltaTable("a.b.c")
        .ToDeltaTable("a.b.d")
        .WithCheckpointLocation("/Volumes/main/etl/state/cp")
        .RunOnSchedule("0 0 * * * ?")
        .Build(path, "cluster-1");

    private DatabricksClient CreateDryRunClient() => TestDatabricksClients.Create(
        _emulator.BaseAddress, DatabricksCredential.FromPersonalAccessToken(_emulator.Token), o => { o.WarehouseId = _emulator.WarehouseId; o.DryRun = true; }, httpClient: _http);

    private async Task<TableName> SeedTableAsync(string prefix)
    {
        var table = new TableName("main", "default", prefix + "_" + Guid.NewGuid().ToString("N")[..8]);
        var sql = _live.GetSqlClient();
        await sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {table.ToSql()} (id BIGINT, name STRING) USING DELTA"), cancellationToken: Ct);
        await _live.GetDeltaClient("main", "default").WriteTableAsync(table.Table, [new Row(1, "a"), new Row(2, "b")], WriteMode.Append, Columns, Ct);
        return table;
    }

    private async Task<long> CountAsync(TableName table) =>
        await _live.GetSqlClient().ReadAsync<long>(SqlStatement.FromText($"SELECT count(*) FROM {table.ToSql()}"), cancellationToken: Ct).SingleAsync(Ct);

    private async Task<long> LiveRunAsync()
    {
        var run = new SubmitRunBuilder()
            .AddTask(new JobTaskBuilder("py").SparkPython("/Workspace/etl/x.py", []).OnNewCluster(ClusterPresets.Small("15.4.x-scala2.12")))
            .Build();
        return await _live.GetJobsClient().SubmitRunAsync(run, Ct);
    }

    public sealed record Row(long Id, string Name);
}

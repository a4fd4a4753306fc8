using System.Text;
using DeltaFunctions.Pipelines.Handlers;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>The merge handler against the emulator over loopback: real MERGE statements on real Delta tables.</summary>
public sealed class MergeRequestHandlerTests(PipelinesEmulator lakehouse) : IClassFixture<PipelinesEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandleAsync_ValidUpsert_IsDoneWithMetrics()
    {
        var table = await CreateTableAsync("upsert");
        await lakehouse.ExecuteAsync($"INSERT INTO {table} VALUES (1, 'old', 1.5, NULL)", Ct);
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(Body($$"""
            {"targetTable":"{{table}}","keys":["id"],"rows":[{"id":1,"name":"new","amount":2.5},{"id":2,"name":"two","amount":3}]}
            """), "msg-1", Ct);

        var done = OutcomeAssert.Done(outcome);
        Assert.Equal("msg-1", done.RequestId);
        Assert.Equal(1, done.Result.RowsInserted);
        Assert.Equal(1, done.Result.RowsUpdated);
        Assert.False(done.Result.AlreadyApplied);
        var rows = await lakehouse.RowsAsync($"SELECT id, name FROM {table} ORDER BY id", Ct);
        Assert.Equal([["1", "new"], ["2", "two"]], rows);
    }

    [Fact]
    public async Task HandleAsync_UpsertRedelivered_TableIdenticalToOnce()
    {
        var table = await CreateTableAsync("redeliver");
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);
        var body = Body($$$$"""
            {"targetTable":"{{{{table}}}}","keys":["id"],"rows":[{"id":1,"name":"a","amount":1},{"id":2,"name":"b","amount":2}],
             "clauses":{"deleteWhen":{"column":"name","value":"zzz"}}}
            """);
        await sut.HandleAsync(body, "msg-7", Ct);
        var once = await lakehouse.RowsAsync($"SELECT id, name, amount FROM {table} ORDER BY id", Ct);

        var second = await sut.HandleAsync(body, "msg-7", Ct);

        var twice = await lakehouse.RowsAsync($"SELECT id, name, amount FROM {table} ORDER BY id", Ct);
        OutcomeAssert.Done(second);
        Assert.Equal(2, once.Count);
        Assert.Equal(once, twice);
    }

    [Fact]
    public async Task HandleAsync_AppendRedelivered_RowsAppliedOnce()
    {
        var table = await CreateTableAsync("append");
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);
        var body = Body($$"""{"targetTable":"{{table}}","mode":"Append","rows":[{"id":1,"name":"a"},{"id":1,"name":"a"},{"id":2,"name":"b"}]}""");
        var first = await sut.HandleAsync(body, "msg-append-1", Ct);
        var once = await lakehouse.RowsAsync($"SELECT id, name, _batch_id FROM {table} ORDER BY id, name", Ct);

        var second = await sut.HandleAsync(body, "msg-append-1", Ct);

        var twice = await lakehouse.RowsAsync($"SELECT id, name, _batch_id FROM {table} ORDER BY id, name", Ct);
        var firstDone = OutcomeAssert.Done(first);
        var secondDone = OutcomeAssert.Done(second);
        Assert.Equal(3, firstDone.Result.RowsInserted);
        Assert.Equal(0, secondDone.Result.RowsInserted);
        Assert.True(secondDone.Result.AlreadyApplied);
        Assert.Equal(3, once.Count);
        Assert.All(once, r => Assert.Equal("msg-append-1", r[2]));
        Assert.Equal(once, twice);
    }

    [Fact]
    public async Task HandleAsync_AppendsWithDifferentBatchIds_BothApplied()
    {
        var table = await CreateTableAsync("batches");
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        await sut.HandleAsync(Body($$"""{"targetTable":"{{table}}","mode":"Append","batchId":"b-1","rows":[{"id":1,"name":"a"}]}"""), "m1", Ct);
        await sut.HandleAsync(Body($$"""{"targetTable":"{{table}}","mode":"Append","batchId":"b-2","rows":[{"id":1,"name":"a"}]}"""), "m2", Ct);

        var rows = await lakehouse.RowsAsync($"SELECT _batch_id FROM {table} ORDER BY _batch_id", Ct);
        Assert.Equal([["b-1"], ["b-2"]], rows);
    }

    [Fact]
    public async Task HandleAsync_MalformedJson_InvalidWithDeadLetterReason()
    {
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(Body("{\"targetTable\": "), "msg-bad", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.InvalidRequest, invalid.Reason);
        Assert.Contains("not well-formed JSON", invalid.Description, StringComparison.Ordinal);
        Assert.Equal("$", Assert.Single(invalid.Problems).Path);
    }

    [Fact]
    public async Task HandleAsync_FieldProblems_EveryProblemWithPath()
    {
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(Body("""{"targetTable":"no_dots","rows":[{"id":1}]}"""), "msg-fields", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        var errors = invalid.ToErrorDictionary();
        Assert.Contains("targetTable", errors.Keys);
        Assert.Contains("keys", errors.Keys);
    }

    [Fact]
    public async Task HandleAsync_UnknownColumnAndWrongType_IncompatibleRowsWithPaths()
    {
        var table = await CreateTableAsync("typed");
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(
            Body($$"""{"targetTable":"{{table}}","keys":["id"],"rows":[{"id":1,"nope":2},{"id":"two"}]}"""), "msg-rows", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.IncompatibleRows, invalid.Reason);
        Assert.Equal(["rows[0].nope", "rows[1].id"], invalid.Problems.Select(p => p.Path));
        Assert.Empty(await lakehouse.RowsAsync($"SELECT * FROM {table}", Ct));
    }

    [Fact]
    public async Task HandleAsync_DuplicateKeys_InvalidAndNothingApplied()
    {
        var table = await CreateTableAsync("dupes");
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(
            Body($$"""{"targetTable":"{{table}}","keys":["id"],"rows":[{"id":1,"name":"a"},{"id":1,"name":"b"}]}"""), "msg-dupes", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.InvalidRequest, invalid.Reason);
        Assert.StartsWith("rows[1]", Assert.Single(invalid.Problems).Path, StringComparison.Ordinal);
        Assert.Empty(await lakehouse.RowsAsync($"SELECT * FROM {table}", Ct));
    }

    [Fact]
    public async Task HandleAsync_MissingTable_InvalidRejectedByDatabricks()
    {
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(
            Body("""{"targetTable":"main.default.does_not_exist_x","keys":["id"],"rows":[{"id":1}]}"""), "msg-missing", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        Assert.Equal(HandlerReasons.RejectedByDatabricks, invalid.Reason);
        Assert.False(string.IsNullOrWhiteSpace(invalid.Description));
    }

    [Fact]
    public async Task HandleAsync_AppendWithoutBatchColumn_InvalidNamingTheColumn()
    {
        var table = PipelinesEmulator.NewTable("nobatch");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, name STRING)", Ct);
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(Body($$"""{"targetTable":"{{table}}","mode":"Append","rows":[{"id":1}]}"""), "msg-x", Ct);

        var invalid = Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome);
        var problem = Assert.Single(invalid.Problems);
        Assert.Equal("targetTable", problem.Path);
        Assert.Contains("_batch_id", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_AppendWithoutBatchColumnWithSchemaEvolution_StillInvalidNamingTheColumn()
    {
        var table = PipelinesEmulator.NewTable("nobatch_evolve");
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, name STRING)", Ct);
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);

        var outcome = await sut.HandleAsync(Body($$"""{"targetTable":"{{table}}","mode":"Append","schemaEvolution":true,"rows":[{"id":1}]}"""), "msg-evolve", Ct);

        var problem = Assert.Single(Assert.IsType<HandlerOutcome<MergeRequestResult>.Invalid>(outcome).Problems);
        Assert.Equal("targetTable", problem.Path);
        Assert.Contains("_batch_id", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await lakehouse.RowsAsync($"SELECT * FROM {table}", Ct));
    }

    [Fact]
    public async Task HandleAsync_StagedFileAppendRedelivered_AppliedOnce()
    {
        var table = await CreateTableAsync("staged_file");
        var volume = "in_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.ExecuteAsync($"CREATE VOLUME main.default.{volume}", Ct);
        var path = $"/Volumes/main/default/{volume}/batch-1.json";
        await lakehouse.Client.GetFilesClient().UploadAsync(path, Encoding.UTF8.GetBytes("{\"id\":1,\"name\":\"a\",\"amount\":1.5}\n{\"id\":2,\"name\":\"b\",\"amount\":2.5}\n"), overwrite: true, Ct);
        var sut = new MergeRequestHandler(lakehouse.Client, PipelinesEmulator.HandlerOptions);
        var body = Body($$"""{"targetTable":"{{table}}","mode":"Append","sourcePath":"{{path}}","sourceFormat":"Json","batchId":"file-1"}""");

        var first = OutcomeAssert.Done(await sut.HandleAsync(body, "msg-file", Ct));
        var again = OutcomeAssert.Done(await sut.HandleAsync(body, "msg-file", Ct));

        Assert.Equal((2L, false), (first.Result.RowsInserted, first.Result.AlreadyApplied));
        Assert.Equal((0L, true), (again.Result.RowsInserted, again.Result.AlreadyApplied));
        Assert.Equal([["1", "a", "file-1"], ["2", "b", "file-1"]], await lakehouse.RowsAsync($"SELECT id, name, _batch_id FROM {table} ORDER BY id", Ct));
    }

    [Fact]
    public async Task HandleAsync_LargeUpsertWithStagingVolume_StagedThroughTheClientAndApplied()
    {
        var table = await CreateTableAsync("large");
        var volume = "stage_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.ExecuteAsync($"CREATE VOLUME main.default.{volume}", Ct);
        var options = new RequestHandlerOptions { StagingVolumePath = $"/Volumes/main/default/{volume}" };
        var sut = new MergeRequestHandler(lakehouse.Client, options);
        var name = new string('x', 200);
        var rows = string.Join(',', Enumerable.Range(1, 2000).Select(i => $$"""{"id":{{i}},"name":"{{name}}","amount":{{i}}.25}"""));

        var outcome = await sut.HandleAsync(Body($$"""{"targetTable":"{{table}}","keys":["id"],"rows":[{{rows}}]}"""), "msg-large", Ct);

        Assert.Equal(2000, OutcomeAssert.Done(outcome).Result.RowsInserted);
        Assert.Equal([["2000", "2001000"]], await lakehouse.RowsAsync($"SELECT count(*), sum(id) FROM {table}", Ct));
        var staged = await lakehouse.Client.GetFilesClient().ListDirectoryAsync($"/Volumes/main/default/{volume}/_deltafunctions_staging", cancellationToken: Ct).ToListAsync(Ct);
        Assert.Empty(staged);
    }

    private async Task<string> CreateTableAsync(string prefix)
    {
        var table = PipelinesEmulator.NewTable(prefix);
        await lakehouse.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, name STRING, amount DOUBLE, _batch_id STRING)", Ct);
        return table;
    }

    private static ReadOnlyMemory<byte> Body(string json) => Encoding.UTF8.GetBytes(json);
}

using System.Net;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using DeltaFunctions.App.Merge;
using DeltaFunctions.App.Sql;
using DeltaFunctions.Databricks;
using DeltaFunctions.Pipelines.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace DeltaFunctions.App.Tests.Functions;

/// <summary>The merge functions called as the host calls them, against the emulator.</summary>
public sealed class QueueAndHttpFunctionsTests(AppEmulator databricks) : IClassFixture<AppEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MergeFromQueue_ValidMessage_WritesRowsAndCompletes()
    {
        var table = AppEmulator.NewTable("q");
        await databricks.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, name STRING)", Ct);
        var actions = new RecordingMessageActions();
        var message = Messages.Received($$"""{"targetTable":"{{table}}","keys":["id"],"rows":[{"id":1,"name":"a"},{"id":2,"name":"b"}]}""");

        await Functions(databricks.Client).MergeFromQueueAsync(message, actions, Ct);

        Assert.Equal([new Settlement("Complete", message.MessageId)], actions.Settlements);
        var count = await databricks.Sql.ReadAsync<long>(Databricks.Sql.SqlStatement.FromText($"SELECT count(*) FROM {table}"), cancellationToken: Ct).FirstAsync(Ct);
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task MergeFromQueue_InvalidMessage_DeadLettersWithReasonAndDescription()
    {
        var actions = new RecordingMessageActions();
        var message = Messages.Received("""{"rows":[]}""");

        await Functions(databricks.Client).MergeFromQueueAsync(message, actions, Ct);

        var settlement = Assert.Single(actions.Settlements);
        Assert.Equal("DeadLetter", settlement.Action);
        Assert.Equal(HandlerReasons.InvalidRequest, settlement.Reason);
        Assert.Contains("targetTable", settlement.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeFromQueue_WorkspaceRejectsCredentials_AbandonsForRedelivery()
    {
        using var rejected = databricks.CreateRejectedClient();
        var actions = new RecordingMessageActions();
        var message = Messages.Received($$"""{"targetTable":"{{AppEmulator.NewTable("r")}}","keys":["id"],"rows":[{"id":1}]}""");

        await Functions(rejected).MergeFromQueueAsync(message, actions, Ct);

        Assert.Equal([new Settlement("Abandon", message.MessageId)], actions.Settlements);
    }

    [Fact]
    public async Task MergeHttp_InvalidBody_400ProblemDetailsWithFieldErrors()
    {
        var request = new TestHttpRequest("POST", "https://app.example/api/merge", """{"keys":"id"}""");

        var response = (TestHttpResponse)await Functions(databricks.Client).MergeFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Header("Content-Type"), StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(response.ReadBody());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HandlerReasons.InvalidRequest, problem.RootElement.GetProperty("reason").GetString());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("targetTable", out _));
        Assert.Empty(response.Header("Retry-After"));
    }

    [Fact]
    public async Task MergeHttp_BadIdempotencyKey_400NamingTheHeader()
    {
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/merge", "{}", [new("Idempotency-Key", "not a valid key!")]);

        var response = (TestHttpResponse)await Functions(databricks.Client).MergeFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", response.ReadBody(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeHttp_WorkspaceRejectsCredentials_503WithRetryAfter()
    {
        using var rejected = databricks.CreateRejectedClient();
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/merge", $$"""{"targetTable":"{{AppEmulator.NewTable("h")}}","keys":["id"],"rows":[{"id":1}]}""");

        var response = (TestHttpResponse)await Functions(rejected).MergeFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var problem = JsonDocument.Parse(response.ReadBody());
        var seconds = problem.RootElement.GetProperty("retryAfterSeconds").GetInt32();
        Assert.True(seconds >= 1);
        Assert.Equal(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Retry-After"));
    }

    [Fact]
    public async Task MergeHttp_DryRunTrue_ReturnsTheStatementAndLeavesTheTable()
    {
        var table = AppEmulator.NewTable("dry");
        await databricks.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, name STRING)", Ct);
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/merge", $$"""{"targetTable":"{{table}}","keys":["id"],"rows":[{"id":1,"name":"a"}],"dryRun":true}""");

        var response = (TestHttpResponse)await Functions(databricks.Client).MergeFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(response.ReadBody());
        Assert.True(body.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("rowsInserted").GetInt64());
        var statement = Assert.Single(body.RootElement.GetProperty("dryRunStatements").EnumerateArray());
        Assert.Equal("POST", statement.GetProperty("method").GetString());
        Assert.Equal("/api/2.0/sql/statements", statement.GetProperty("path").GetString());
        var quoted = "`" + table.Replace(".", "`.`", StringComparison.Ordinal) + "`";
        Assert.StartsWith("MERGE INTO " + quoted + " AS `t` USING ", statement.GetProperty("statement").GetString(), StringComparison.Ordinal);
        var parameter = Assert.Single(statement.GetProperty("parameters").EnumerateArray());
        Assert.Equal("""[{"c0":1,"c1":"a"}]""", parameter.GetProperty("value").GetString());
        Assert.Equal(0, await CountAsync(table));
    }

    [Fact]
    public async Task MergeHttp_DryRunFalse_MergesAndSaysSo()
    {
        var table = AppEmulator.NewTable("wet");
        await databricks.ExecuteAsync($"CREATE TABLE {table} (id BIGINT, name STRING)", Ct);
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/merge", $$"""{"targetTable":"{{table}}","keys":["id"],"rows":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"dryRun":false}""");

        var response = (TestHttpResponse)await Functions(databricks.Client).MergeFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(response.ReadBody());
        Assert.False(body.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.False(body.RootElement.TryGetProperty("dryRunStatements", out _));
        Assert.Equal(2, body.RootElement.GetProperty("rowsInserted").GetInt64());
        Assert.Equal(2, await CountAsync(table));
    }

    [Fact]
    public async Task MergeHttp_DryRunNotABoolean_400NamingTheField()
    {
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/merge", $$"""{"targetTable":"{{AppEmulator.NewTable("bad")}}","keys":["id"],"rows":[{"id":1}],"dryRun":"yes"}""");

        var response = (TestHttpResponse)await Functions(databricks.Client).MergeFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(response.ReadBody());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("dryRun", out _));
    }

    [Fact]
    public async Task SqlHttp_DryRunTrue_ReturnsTheStatementAndRunsNothing()
    {
        var table = AppEmulator.NewTable("sqldry");
        await databricks.ExecuteAsync($"CREATE TABLE {table} (id BIGINT)", Ct);
        await databricks.ExecuteAsync($"INSERT INTO {table} VALUES (1)", Ct);
        var request = new TestHttpRequest(
            "POST", "https://app.example/api/sql", $$"""{"statement":"DELETE FROM {{table}} WHERE id = :id","parameters":[{"name":"id","value":"1","type":"BIGINT"}],"dryRun":true}""");

        var response = (TestHttpResponse)await SqlFunctions(databricks.Client).SqlFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(response.ReadBody());
        Assert.True(body.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("rows").GetArrayLength());
        var statement = Assert.Single(body.RootElement.GetProperty("dryRunStatements").EnumerateArray());
        Assert.Equal($"DELETE FROM {table} WHERE id = :id", statement.GetProperty("statement").GetString());
        Assert.Equal("1", Assert.Single(statement.GetProperty("parameters").EnumerateArray()).GetProperty("value").GetString());
        Assert.Contains("cannot know whether it only reads", statement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task SqlHttp_DryRunFalse_ReturnsRows()
    {
        var request = new TestHttpRequest("POST", "https://app.example/api/sql", """{"statement":"SELECT 40 + 2 AS answer","dryRun":false}""");

        var response = (TestHttpResponse)await SqlFunctions(databricks.Client).SqlFromHttpAsync(request, request.FunctionContext, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(response.ReadBody());
        Assert.False(body.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal("42", body.RootElement.GetProperty("rows")[0][0].GetString());
    }

    private async Task<long> CountAsync(string table) =>
        await databricks.Sql.ReadAsync<long>(Databricks.Sql.SqlStatement.FromText($"SELECT count(*) FROM {table}"), cancellationToken: Ct).FirstAsync(Ct);

    // The SQL HTTP function sends no Service Bus reply, so the client is never connected.
    private static SqlFunctions SqlFunctions(DatabricksClient client) =>
        new(
            Services(client).GetRequiredService<SqlRequestHandler>(),
            new ServiceBusClient("Endpoint=sb://unused.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=a2V5"),
            new FakeLogger<SqlFunctions>());

    // The handler as the App's Program wires it: AddPipelines over the registered DatabricksClient.
    private static MergeFunctions Functions(DatabricksClient client) =>
        new(Services(client).GetRequiredService<MergeRequestHandler>(), new FakeLogger<MergeFunctions>());

    private static ServiceProvider Services(DatabricksClient client) =>
        new ServiceCollection()
            .AddSingleton(client)
            .AddPipelines(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
}

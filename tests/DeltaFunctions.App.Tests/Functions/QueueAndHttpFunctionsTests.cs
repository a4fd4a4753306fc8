using System.Net;
using System.Text.Json;
using DeltaFunctions.App.Merge;
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

    // The handler as the App's Program wires it: AddPipelines over the registered DatabricksClient.
    private static MergeFunctions Functions(DatabricksClient client)
    {
        var services = new ServiceCollection()
            .AddSingleton(client)
            .AddPipelines(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        return new MergeFunctions(services.GetRequiredService<MergeRequestHandler>(), new FakeLogger<MergeFunctions>());
    }
}

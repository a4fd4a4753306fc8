using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// An emulator whose statement lifetimes are scaled down from Databricks' (15 min keep-alive → 1 s, 1 h result
/// retention → 1 s, 12 h statement retention → 3 s), with statements that wait 2 s in the queue.
/// </summary>
public sealed class ShortLivedStatementsEmulator : IAsyncLifetime
{
    private EmulatorFixture _emulator = null!;

    public DatabricksClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        (_emulator, Client) = await LakehouseEmulator.StartAsync(
            o => o with
            {
                StatementQueueDelay = TimeSpan.FromSeconds(2),
                StatementPollTimeout = TimeSpan.FromSeconds(1),
                ResultRetention = TimeSpan.FromSeconds(1),
                StatementRetention = TimeSpan.FromSeconds(3),
            },
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _emulator.DisposeAsync();
    }
}

/// <summary>The Statement Execution API's lifetimes, enforced by the emulator and surfaced by the client.</summary>
public sealed class StatementLifetimesTests(ShortLivedStatementsEmulator lakehouse) : IClassFixture<ShortLivedStatementsEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqlClient Sql => lakehouse.Client.GetSqlClient();

    [Fact]
    public async Task GetStatementAsync_NotPolledWithinKeepAlive_StatementWasCancelled()
    {
        var operation = await Sql.StartAsync(SqlStatement.FromText("SELECT 1"), cancellationToken: Ct);

        await Task.Delay(TimeSpan.FromMilliseconds(1500), Ct);
        var status = await Sql.GetStatementAsync(operation.StatementId, Ct);

        Assert.Equal(StatementState.Canceled, status.Status.State);
    }

    [Fact]
    public async Task GetStatementAsync_PolledWithinKeepAlive_StatementRunsToSuccess()
    {
        var operation = await Sql.StartAsync(SqlStatement.FromText("SELECT 1"), cancellationToken: Ct);

        var status = await Sql.GetStatementAsync(operation.StatementId, Ct);
        while (!SqlClient.IsTerminal(status.Status.State))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), Ct);
            status = await Sql.GetStatementAsync(operation.StatementId, Ct);
        }

        Assert.Equal(StatementState.Succeeded, status.Status.State);
    }

    [Fact]
    public async Task FetchChunkAsync_AfterResultRetention_ThrowsResultExpiredNotAGeneric404()
    {
        var response = await Sql.ExecuteAsync(SqlStatement.FromText("SELECT id FROM range(250)"), cancellationToken: Ct);
        var firstRead = await Sql.FetchChunkAsync(response.StatementId, 1, Ct);

        await Task.Delay(TimeSpan.FromMilliseconds(1200), Ct);
        var error = await Assert.ThrowsAsync<StatementResultExpiredException>(() => Sql.FetchChunkAsync(response.StatementId, 1, Ct));
        var status = await Sql.GetStatementAsync(response.StatementId, Ct);

        Assert.Equal(1, firstRead.ChunkIndex);
        Assert.Equal(response.StatementId, error.StatementId);
        Assert.Contains("1 hour", error.Message, StringComparison.Ordinal);
        Assert.Equal(StatementState.Closed, status.Status.State);
    }

    [Fact]
    public async Task Reads_AfterStatementRetention_StatementIsGoneAndResultReadsSayExpired()
    {
        var response = await Sql.ExecuteAsync(SqlStatement.FromText("SELECT id FROM range(250)"), cancellationToken: Ct);

        await Task.Delay(TimeSpan.FromMilliseconds(3300), Ct);
        var gone = await Assert.ThrowsAsync<DatabricksException>(() => Sql.GetStatementAsync(response.StatementId, Ct));
        var expired = await Assert.ThrowsAsync<StatementResultExpiredException>(() => Sql.FetchChunkAsync(response.StatementId, 1, Ct));

        Assert.True(gone.IsNotFound);
        Assert.True(expired.IsNotFound);
    }
}

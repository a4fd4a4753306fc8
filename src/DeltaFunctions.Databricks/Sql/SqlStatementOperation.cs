namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A submitted statement, shaped like Azure's <c>Operation&lt;T&gt;</c>: poll with <see cref="UpdateStatusAsync"/>,
/// wait with <see cref="WaitForCompletionAsync"/> (backoff; cancelling the token cancels the statement), or
/// <see cref="CancelAsync"/>. Unsealed with virtual members for mocking.
/// </summary>
public class SqlStatementOperation
{
    private readonly SqlClient _client = null!;
    private readonly SqlExecuteOptions _options = null!;

    internal SqlStatementOperation(SqlClient client, StatementResponse response, SqlExecuteOptions options, long startedTimestamp)
    {
        _client = client;
        _options = options;
        Response = response;
        StartedTimestamp = startedTimestamp;
    }

    /// <summary>For mocking only.</summary>
    protected SqlStatementOperation()
    {
    }

    /// <summary>Gets the statement id.</summary>
    public virtual string Id => Response.StatementId;

    /// <summary>Gets the latest response seen.</summary>
    public virtual StatementResponse Response { get; private set; } = null!;

    /// <summary>Gets a value indicating whether the statement reached a final state.</summary>
    public virtual bool HasCompleted => SqlClient.IsTerminal(Response.Status.State);

    internal long StartedTimestamp { get; }

    /// <summary>Fetches the current status. REST: <c>GET /api/2.0/sql/statements/{id}</c>.</summary>
    /// <param name="cancellationToken">Cancels the call (not the statement).</param>
    /// <returns>The response.</returns>
    public virtual async Task<StatementResponse> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        Response = await _client.GetStatementAsync(Id, cancellationToken).ConfigureAwait(false);
        return Response;
    }

    /// <summary>
    /// Polls until the statement finishes, with backoff from <see cref="SqlExecuteOptions.PollInterval"/> to
    /// <see cref="SqlExecuteOptions.MaxPollInterval"/>. Cancelling the token cancels the statement on the server.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait and the statement.</param>
    /// <returns>The succeeded response.</returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled or closed.</exception>
    public virtual async Task<StatementResponse> WaitForCompletionAsync(CancellationToken cancellationToken = default)
    {
        Response = await _client.WaitAsync(Response, _options, StartedTimestamp, cancellationToken).ConfigureAwait(false);
        return Response;
    }

    /// <summary>Requests cancellation; the statement may still finish first. REST: <c>POST /api/2.0/sql/statements/{id}/cancel</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the request was accepted.</returns>
    public virtual Task CancelAsync(CancellationToken cancellationToken = default) => _client.CancelAsync(Id, cancellationToken);
}

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A submitted statement, shaped like Azure's <c>Operation&lt;T&gt;</c>: poll with <see cref="UpdateStatusAsync"/>,
/// wait with <see cref="WaitForCompletionAsync(CancellationToken)"/> (backoff; cancelling the token cancels the
/// statement), or <see cref="CancelAsync"/>. Start one with <see cref="SqlClient.StartAsync"/>, or resume one another
/// process started, by id, with <see cref="SqlClient.GetStatementOperationAsync"/>. Unsealed with virtual members for
/// mocking.
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

    /// <summary>Gets the statement id: keep it to resume the operation elsewhere with <see cref="SqlClient.GetStatementOperationAsync"/>.</summary>
    public virtual string StatementId => Response.StatementId;

    /// <summary>Gets the latest response seen.</summary>
    public virtual StatementResponse Response { get; private set; } = null!;

    /// <summary>Gets a value indicating whether the statement reached a final state (SUCCEEDED, FAILED, CANCELED or CLOSED).</summary>
    public virtual bool HasCompleted => SqlClient.IsTerminal(Response.Status.State);

    /// <summary>Gets a value indicating whether the statement succeeded, so <see cref="Value"/> can be read.</summary>
    public virtual bool HasValue => Response.Status.State == StatementState.Succeeded;

    /// <summary>Gets the succeeded response (manifest and first chunk).</summary>
    /// <exception cref="InvalidOperationException">The statement has not completed yet; wait for it first.</exception>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled or closed.</exception>
    public virtual StatementResponse Value => HasValue
        ? Response
        : HasCompleted
            ? throw new SqlStatementException(StatementId, Response.Status)
            : throw new InvalidOperationException(
                $"Statement {StatementId} is {Response.Status.State}; its value is known once it completes. Call WaitForCompletionAsync or UpdateStatusAsync first.");

    internal long StartedTimestamp { get; }

    /// <summary>Fetches the current status. REST: <c>GET /api/2.0/sql/statements/{id}</c>.</summary>
    /// <param name="cancellationToken">Cancels the call (not the statement).</param>
    /// <returns>The response.</returns>
    public virtual async Task<StatementResponse> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        Response = await _client.GetStatementAsync(StatementId, cancellationToken).ConfigureAwait(false);
        return Response;
    }

    /// <summary>
    /// Polls until the statement finishes, with backoff from <see cref="SqlExecuteOptions.PollInterval"/> to
    /// <see cref="SqlExecuteOptions.MaxPollInterval"/>, within <see cref="SqlExecuteOptions.Timeout"/> counted from
    /// the start. Cancelling the token, or the timeout, cancels the statement on the server (awaited, bounded).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait and the statement.</param>
    /// <returns>The succeeded response.</returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled, closed or timed out (DEADLINE_EXCEEDED).</exception>
    /// <exception cref="SqlStatementCanceledException">The token was cancelled; carries the statement id.</exception>
    public virtual Task<StatementResponse> WaitForCompletionAsync(CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(progress: null, cancellationToken);

    /// <summary>
    /// Polls until the statement finishes like <see cref="WaitForCompletionAsync(CancellationToken)"/>, reporting each
    /// status seen (PENDING, RUNNING, then the final one) to <paramref name="progress"/>.
    /// </summary>
    /// <param name="progress">Receives each status polled; null for none.</param>
    /// <param name="cancellationToken">Cancels the wait and the statement.</param>
    /// <returns>The succeeded response.</returns>
    /// <exception cref="SqlStatementException">The statement failed, was cancelled, closed or timed out (DEADLINE_EXCEEDED).</exception>
    /// <exception cref="SqlStatementCanceledException">The token was cancelled; carries the statement id.</exception>
    public virtual async Task<StatementResponse> WaitForCompletionAsync(IProgress<StatementStatus>? progress, CancellationToken cancellationToken = default)
    {
        return await _client.WaitAsync(
            Response,
            _options,
            StartedTimestamp,
            seen: response =>
            {
                Response = response;
                progress?.Report(response.Status);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Requests cancellation; the statement may still finish first. REST: <c>POST /api/2.0/sql/statements/{id}/cancel</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the request was accepted.</returns>
    public virtual Task CancelAsync(CancellationToken cancellationToken = default) => _client.CancelAsync(StatementId, cancellationToken);
}

using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>One submitted statement: its request, state and, once SUCCEEDED, its chunked result.</summary>
internal sealed class StatementExecution(string id, ExecuteStatementRequest request, string format, string disposition)
{
    private readonly Lock _gate = new();

    public string Id { get; } = id;

    /// <summary>Gets the request; its parameters only until the statement has taken them (<see cref="TakeParameters"/>).</summary>
    public ExecuteStatementRequest Request { get; private set; } = request;

    public string Format { get; } = format;

    public string Disposition { get; } = disposition;

    public CancellationTokenSource Cancellation { get; } = new();

    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>
    /// Hands the parameters to the run and drops them from the request: a terminal statement is kept for hours
    /// (<c>StatementRetention</c>), and a one-parameter batch of rows holds megabytes nothing reads again.
    /// </summary>
    /// <returns>The parameters as the engine takes them, or null when none were sent.</returns>
    public List<LakehouseParameter>? TakeParameters()
    {
        var parameters = Request.Parameters?.Select(p => new LakehouseParameter(p.Name!, p.Value, p.Type)).ToList();
        Request = Request with { Parameters = null };
        return parameters;
    }

    public string State { get; private set; } = "PENDING";

    public ServiceError? Error { get; private set; }

    public string? SqlState { get; private set; }

    public IReadOnlyList<ColumnInfo> Columns { get; private set; } = [];

    /// <summary>Gets the rows of a <see cref="ResultDelivery.DataArray"/> result (held in memory: the inline limit keeps them small); empty otherwise.</summary>
    public IReadOnlyList<object?[]> Rows { get; private set; } = [];

    /// <summary>Gets the number of rows in the result (all chunks).</summary>
    public long TotalRowCount { get; private set; }

    public IReadOnlyList<ChunkInfo> Chunks { get; private set; } = [];

    public bool Truncated { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Gets or sets when the statement was submitted or last polled (the 15-minute keep-alive).</summary>
    public DateTimeOffset LastPolledAt { get; set; }

    /// <summary>Gets the encoded chunks (external links and attachments), one file each, by chunk index.</summary>
    public ResultChunkFiles ChunkFiles { get; private set; } = ResultChunkFiles.None;

    /// <summary>Gets how the result is delivered once SUCCEEDED: in <c>data_array</c>, as attachments or as external links.</summary>
    public ResultDelivery Delivery { get; private set; }

    /// <summary>Gets a value indicating whether <see cref="ChunkFiles"/> hold LZ4 frames.</summary>
    public bool Compressed { get; private set; }

    public bool IsTerminal => State is "SUCCEEDED" or "FAILED" or "CANCELED" or "CLOSED";

    public bool TryMoveTo(string state)
    {
        lock (_gate)
        {
            if (IsTerminal)
            {
                return false;
            }

            State = state;
            return true;
        }
    }

    /// <summary>Records the result; returns false (and the caller drops <paramref name="files"/>) when the statement already ended.</summary>
    public bool Succeed(
        IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows, long totalRowCount, IReadOnlyList<ChunkInfo> chunks, ResultChunkFiles files, ResultDelivery delivery, bool compressed, bool truncated, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (IsTerminal)
            {
                return false;
            }

            Columns = columns;
            Rows = rows;
            TotalRowCount = totalRowCount;
            Chunks = chunks;
            ChunkFiles = files;
            Delivery = delivery;
            Compressed = compressed;
            Truncated = truncated;
            FinishedAt = now;
            State = "SUCCEEDED";
            return true;
        }
    }

    public void Fail(string errorCode, string message, string? sqlState, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (IsTerminal)
            {
                return;
            }

            Error = new ServiceError(errorCode, message);
            SqlState = sqlState;
            FinishedAt = now;
            State = "FAILED";
        }
    }

    public void Cancel(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (IsTerminal)
            {
                return;
            }

            FinishedAt = now;
            State = "CANCELED";
        }
    }

    /// <summary>Drops the result (its chunk files are deleted): the statement is CLOSED from now on.</summary>
    public void Close()
    {
        ResultChunkFiles files;
        lock (_gate)
        {
            State = "CLOSED";
            Rows = [];
            files = ChunkFiles;
            ChunkFiles = ResultChunkFiles.None;
        }

        files.Dispose();
    }

    public LakehouseSession Session => new(Request.Catalog ?? "main", Request.Schema ?? "default");
}

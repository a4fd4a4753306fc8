using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>One submitted statement: its request, state and, once SUCCEEDED, its chunked result.</summary>
internal sealed class StatementExecution(string id, ExecuteStatementRequest request, string format, string disposition)
{
    private readonly Lock _gate = new();

    public string Id { get; } = id;

    public ExecuteStatementRequest Request { get; } = request;

    public string Format { get; } = format;

    public string Disposition { get; } = disposition;

    public CancellationTokenSource Cancellation { get; } = new();

    public Task Completion { get; set; } = Task.CompletedTask;

    public string State { get; private set; } = "PENDING";

    public ServiceError? Error { get; private set; }

    public string? SqlState { get; private set; }

    public IReadOnlyList<ColumnInfo> Columns { get; private set; } = [];

    public IReadOnlyList<object?[]> Rows { get; private set; } = [];

    public IReadOnlyList<ChunkInfo> Chunks { get; private set; } = [];

    public bool Truncated { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Gets or sets when the statement was submitted or last polled (the 15-minute keep-alive).</summary>
    public DateTimeOffset LastPolledAt { get; set; }

    /// <summary>Gets the encoded chunks (external links and attachments), by chunk index.</summary>
    public IReadOnlyList<byte[]> ChunkBlobs { get; private set; } = [];

    /// <summary>Gets how the result is delivered once SUCCEEDED: in <c>data_array</c>, as attachments or as external links.</summary>
    public ResultDelivery Delivery { get; private set; }

    /// <summary>Gets a value indicating whether <see cref="ChunkBlobs"/> are LZ4 frames.</summary>
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

    public void Succeed(
        IReadOnlyList<ColumnInfo> columns, IReadOnlyList<object?[]> rows, IReadOnlyList<ChunkInfo> chunks, IReadOnlyList<byte[]> blobs, ResultDelivery delivery, bool compressed, bool truncated, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (IsTerminal)
            {
                return;
            }

            Columns = columns;
            Rows = rows;
            Chunks = chunks;
            ChunkBlobs = blobs;
            Delivery = delivery;
            Compressed = compressed;
            Truncated = truncated;
            FinishedAt = now;
            State = "SUCCEEDED";
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

    /// <summary>Drops the result: the statement is CLOSED from now on.</summary>
    public void Close()
    {
        lock (_gate)
        {
            State = "CLOSED";
            Rows = [];
            ChunkBlobs = [];
        }
    }

    public LakehouseSession Session => new(Request.Catalog ?? "main", Request.Schema ?? "default");
}

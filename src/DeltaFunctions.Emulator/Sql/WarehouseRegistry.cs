namespace DeltaFunctions.Emulator.Sql;

/// <summary>The emulator's SQL warehouses: one default warehouse that can be stopped and started.</summary>
internal sealed class WarehouseRegistry(EmulatorOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _runningFrom = DateTimeOffset.MinValue;
    private bool _stopped;

    public string DefaultId => options.WarehouseId;

    public bool Exists(string id) => string.Equals(id, options.WarehouseId, StringComparison.Ordinal);

    public string State(string id)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return "STOPPED";
            }

            return time.GetUtcNow() >= _runningFrom ? "RUNNING" : "STARTING";
        }
    }

    public void Start(string id)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                _stopped = false;
                _runningFrom = time.GetUtcNow() + options.WarehouseStartDuration;
            }
        }
    }

    public void Stop(string id)
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    public WarehouseInfo Describe(string id, string host, int port)
    {
        var state = State(id);
        return new WarehouseInfo
        {
            Id = id,
            Name = "Emulator Serverless Warehouse",
            State = state,
            NumClusters = state == "RUNNING" ? 1 : 0,
            JdbcUrl = $"jdbc:databricks://{host}:{port}/default;transportMode=http;ssl=0;AuthMech=3;httpPath=/sql/1.0/warehouses/{id};",
            OdbcParams = new OdbcParams(host, $"/sql/1.0/warehouses/{id}", "http", port),
        };
    }
}

namespace DeltaFunctions.Emulator.Sql;

/// <summary>
/// The emulator's SQL warehouses: the default one plus <see cref="EmulatorOptions.Warehouses"/>, each with its own
/// result-shape profile and its own stopped/started state.
/// </summary>
internal sealed class WarehouseRegistry
{
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Warehouse> _warehouses = new(StringComparer.Ordinal);

    public WarehouseRegistry(EmulatorOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _warehouses[options.WarehouseId] = new Warehouse(
            new EmulatorWarehouse
            {
                Id = options.WarehouseId,
                Profile = options.WarehouseProfile,
                OffersInlineOrExternalLinks = options.WarehouseOffersInlineOrExternalLinks,
            });
        foreach (var extra in options.Warehouses)
        {
            if (string.IsNullOrWhiteSpace(extra?.Id))
            {
                throw new ArgumentException("Every EmulatorOptions.Warehouses entry needs an Id.", nameof(options));
            }

            if (!_warehouses.TryAdd(extra.Id, new Warehouse(extra)))
            {
                throw new ArgumentException($"EmulatorOptions.Warehouses names warehouse id {extra.Id} twice (or reuses the default WarehouseId).", nameof(options));
            }
        }
    }

    public string DefaultId => _options.WarehouseId;

    /// <summary>Gets every warehouse id, the default first.</summary>
    public IEnumerable<string> Ids => _warehouses.Keys.OrderBy(id => id == DefaultId ? 0 : 1).ThenBy(id => id, StringComparer.Ordinal);

    public bool Exists(string id) => _warehouses.ContainsKey(id);

    /// <summary>Gets the settings of an existing warehouse.</summary>
    public EmulatorWarehouse Settings(string id) => _warehouses[id].Settings;

    public string State(string id)
    {
        var warehouse = _warehouses[id];
        lock (warehouse.Gate)
        {
            if (warehouse.Stopped)
            {
                return "STOPPED";
            }

            return _time.GetUtcNow() >= warehouse.RunningFrom ? "RUNNING" : "STARTING";
        }
    }

    public void Start(string id)
    {
        var warehouse = _warehouses[id];
        lock (warehouse.Gate)
        {
            if (warehouse.Stopped)
            {
                warehouse.Stopped = false;
                warehouse.RunningFrom = _time.GetUtcNow() + _options.WarehouseStartDuration;
            }
        }
    }

    public void Stop(string id)
    {
        var warehouse = _warehouses[id];
        lock (warehouse.Gate)
        {
            warehouse.Stopped = true;
        }
    }

    public WarehouseInfo Describe(string id, string host, int port)
    {
        var state = State(id);
        var serverless = Settings(id).Profile == EmulatorWarehouseProfile.Serverless;
        return new WarehouseInfo
        {
            Id = id,
            Name = serverless ? "Emulator Serverless Warehouse" : "Emulator Classic Warehouse",
            State = state,
            NumClusters = state == "RUNNING" ? 1 : 0,
            EnableServerlessCompute = serverless,
            JdbcUrl = $"jdbc:databricks://{host}:{port}/default;transportMode=http;ssl=0;AuthMech=3;httpPath=/sql/1.0/warehouses/{id};",
            OdbcParams = new OdbcParams(host, $"/sql/1.0/warehouses/{id}", "http", port),
        };
    }

    /// <summary>One warehouse's settings and run state, guarded by <see cref="Gate"/>.</summary>
    private sealed class Warehouse(EmulatorWarehouse settings)
    {
        public Lock Gate { get; } = new();

        public EmulatorWarehouse Settings { get; } = settings;

        public bool Stopped { get; set; }

        public DateTimeOffset RunningFrom { get; set; } = DateTimeOffset.MinValue;
    }
}

namespace DeltaFunctions.Emulator.Sql;

/// <summary>A SQL warehouse as <c>GET /api/2.0/sql/warehouses/{id}</c> returns it (reference §4.5).</summary>
internal sealed record WarehouseInfo
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string State { get; init; }

    public string ClusterSize { get; init; } = "2X-Small";

    public int MinNumClusters { get; init; } = 1;

    public int MaxNumClusters { get; init; } = 1;

    public int NumClusters { get; init; }

    public int AutoStopMins { get; init; } = 120;

    public bool EnablePhoton { get; init; } = true;

    public bool EnableServerlessCompute { get; init; } = true;

    public string WarehouseType { get; init; } = "PRO";

    public string SpotInstancePolicy { get; init; } = "COST_OPTIMIZED";

    public WarehouseChannel Channel { get; init; } = new("CHANNEL_NAME_CURRENT", "2025.30");

    public WarehouseHealth Health { get; init; } = new("HEALTHY", "The warehouse is healthy.");

    public string? JdbcUrl { get; init; }

    public OdbcParams? OdbcParams { get; init; }

    public string CreatorName { get; init; } = "emulator";
}

/// <summary>The warehouse's release channel.</summary>
internal sealed record WarehouseChannel(string Name, string DbsqlVersion);

/// <summary>The warehouse's health.</summary>
internal sealed record WarehouseHealth(string Status, string Summary);

/// <summary>The ODBC connection parameters.</summary>
internal sealed record OdbcParams(string Hostname, string Path, string Protocol, int Port);

/// <summary>The answer of <c>GET /api/2.0/sql/warehouses</c>.</summary>
internal sealed record WarehouseListResponse(IReadOnlyList<WarehouseInfo> Warehouses)
{
    public string? NextPageToken { get; init; }
}

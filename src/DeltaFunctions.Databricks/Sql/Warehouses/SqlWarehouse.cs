namespace DeltaFunctions.Databricks.Sql;

/// <summary>A SQL warehouse as <c>GET /api/2.0/sql/warehouses/{id}</c> describes it (the fields the library uses).</summary>
public sealed record SqlWarehouse
{
    /// <summary>The warehouse id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The current state.</summary>
    public SqlWarehouseState State { get; init; }

    /// <summary>The size, e.g. <c>2X-Small</c>.</summary>
    public string? ClusterSize { get; init; }

    /// <summary>The least number of clusters.</summary>
    public int? MinNumClusters { get; init; }

    /// <summary>The most clusters (at most 40).</summary>
    public int? MaxNumClusters { get; init; }

    /// <summary>Clusters running now.</summary>
    public int? NumClusters { get; init; }

    /// <summary>Minutes of idleness before the warehouse stops (0: never).</summary>
    public int? AutoStopMins { get; init; }

    /// <summary><c>PRO</c>, <c>CLASSIC</c> or <c>TYPE_UNSPECIFIED</c>.</summary>
    public string? WarehouseType { get; init; }

    /// <summary>Whether serverless compute is on.</summary>
    public bool? EnableServerlessCompute { get; init; }

    /// <summary>The JDBC URL.</summary>
    public string? JdbcUrl { get; init; }

    /// <summary>Who created it.</summary>
    public string? CreatorName { get; init; }
}

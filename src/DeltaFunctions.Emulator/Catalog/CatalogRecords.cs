namespace DeltaFunctions.Emulator.Catalog;

/// <summary>CatalogInfo (reference §5).</summary>
internal sealed record CatalogInfo
{
    public required string Name { get; init; }

    public required string FullName { get; init; }

    public string CatalogType { get; init; } = "MANAGED_CATALOG";

    public string? Comment { get; init; }

    public string Owner { get; init; } = "emulator";

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public string? StorageRoot { get; init; }

    public string? StorageLocation { get; init; }

    public string MetastoreId { get; init; } = WellKnown.MetastoreId;

    public string IsolationMode { get; init; } = "OPEN";

    public long CreatedAt { get; init; }

    public string CreatedBy { get; init; } = "emulator";

    public long UpdatedAt { get; init; }

    public string UpdatedBy { get; init; } = "emulator";
}

/// <summary>SchemaInfo (reference §5).</summary>
internal sealed record SchemaInfo
{
    public required string Name { get; init; }

    public required string CatalogName { get; init; }

    public required string FullName { get; init; }

    public string? SchemaId { get; init; }

    public string Owner { get; init; } = "emulator";

    public string? Comment { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public string? StorageRoot { get; init; }

    public string? StorageLocation { get; init; }

    public string MetastoreId { get; init; } = WellKnown.MetastoreId;

    public long CreatedAt { get; init; }

    public string CreatedBy { get; init; } = "emulator";

    public long UpdatedAt { get; init; }

    public string UpdatedBy { get; init; } = "emulator";
}

/// <summary>TableInfo (reference §5).</summary>
internal sealed record TableInfo
{
    public required string Name { get; init; }

    public required string CatalogName { get; init; }

    public required string SchemaName { get; init; }

    public required string FullName { get; init; }

    public required string TableType { get; init; }

    public required string DataSourceFormat { get; init; }

    public string? TableId { get; init; }

    public string? StorageLocation { get; init; }

    public string? Owner { get; init; }

    public string? Comment { get; init; }

    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    public IReadOnlyList<TableColumnInfo>? Columns { get; init; }

    public string? EnablePredictiveOptimization { get; init; }

    public EffectivePredictiveOptimizationFlag? EffectivePredictiveOptimizationFlag { get; init; }

    public string MetastoreId { get; init; } = WellKnown.MetastoreId;

    public long CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public long UpdatedAt { get; init; }

    public string? UpdatedBy { get; init; }
}

/// <summary>ColumnInfo of a table (reference §5).</summary>
internal sealed record TableColumnInfo
{
    public required string Name { get; init; }

    public required string TypeText { get; init; }

    public required string TypeName { get; init; }

    public required string TypeJson { get; init; }

    public int? TypePrecision { get; init; }

    public int? TypeScale { get; init; }

    public required int Position { get; init; }

    public required bool Nullable { get; init; }

    public string? Comment { get; init; }

    public int? PartitionIndex { get; init; }
}

/// <summary>VolumeInfo, as Unity Catalog's volumes API returns it.</summary>
internal sealed record VolumeInfo
{
    public required string Name { get; init; }

    public required string CatalogName { get; init; }

    public required string SchemaName { get; init; }

    public required string FullName { get; init; }

    public string VolumeType { get; init; } = "MANAGED";

    public string? VolumeId { get; init; }

    public string? StorageLocation { get; init; }

    public string Owner { get; init; } = "emulator";

    public string? Comment { get; init; }

    public string MetastoreId { get; init; } = WellKnown.MetastoreId;

    public long CreatedAt { get; init; }

    public string CreatedBy { get; init; } = "emulator";

    public long UpdatedAt { get; init; }

    public string UpdatedBy { get; init; } = "emulator";
}

/// <summary>The list answers: items and the token of the next page.</summary>
internal sealed record CatalogListResponse(IReadOnlyList<CatalogInfo> Catalogs, string? NextPageToken);

/// <summary>The schemas list answer.</summary>
internal sealed record SchemaListResponse(IReadOnlyList<SchemaInfo> Schemas, string? NextPageToken);

/// <summary>The tables list answer.</summary>
internal sealed record TableListResponse(IReadOnlyList<TableInfo> Tables, string? NextPageToken);

/// <summary>The volumes list answer.</summary>
internal sealed record VolumeListResponse(IReadOnlyList<VolumeInfo> Volumes, string? NextPageToken);

/// <summary>The answer of <c>GET …/tables/{full_name}/exists</c>.</summary>
internal sealed record TableExistsResponse(bool TableExists);

/// <summary>Values every catalog object shares.</summary>
internal static class WellKnown
{
    public const string MetastoreId = "00000000-0000-0000-0000-00000000e001";
}

/// <summary>The predictive optimization in effect for a securable and where it comes from (TableInfo.effective_predictive_optimization_flag).</summary>
internal sealed record EffectivePredictiveOptimizationFlag
{
    public required string Value { get; init; }

    public string? InheritedFromType { get; init; }

    public string? InheritedFromName { get; init; }
}

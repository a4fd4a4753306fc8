namespace DeltaFunctions.Databricks.Catalog;

/// <summary>A column of a Unity Catalog table.</summary>
public sealed record ColumnInfo
{
    /// <summary>Gets the name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the type text (lower-case catalog string, for example <c>decimal(10,2)</c>).</summary>
    public string? TypeText { get; init; }

    /// <summary>Gets the type name (open: GEOGRAPHY, VARIANT and others are kept).</summary>
    public Sql.SqlTypeName? TypeName { get; init; }

    /// <summary>Gets the Spark StructField JSON.</summary>
    public string? TypeJson { get; init; }

    /// <summary>Gets the decimal precision.</summary>
    public int? TypePrecision { get; init; }

    /// <summary>Gets the decimal scale.</summary>
    public int? TypeScale { get; init; }

    /// <summary>Gets the 0-based position.</summary>
    public int? Position { get; init; }

    /// <summary>Gets a value indicating whether the column may hold NULL (true when absent).</summary>
    public bool? Nullable { get; init; }

    /// <summary>Gets the comment.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets the partition index, for partition columns.</summary>
    public int? PartitionIndex { get; init; }
}

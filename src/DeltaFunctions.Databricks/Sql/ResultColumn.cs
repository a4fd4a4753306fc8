namespace DeltaFunctions.Databricks.Sql;

/// <summary>One result column as the manifest describes it.</summary>
public sealed record ResultColumn
{
    /// <summary>Gets the column name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the 0-based position.</summary>
    public int Position { get; init; }

    /// <summary>Gets the type name (for example <c>DECIMAL</c>).</summary>
    public SqlTypeName TypeName { get; init; }

    /// <summary>Gets the full type text (for example <c>DECIMAL(10,2)</c>, <c>ARRAY&lt;INT&gt;</c>).</summary>
    public string? TypeText { get; init; }

    /// <summary>Gets the decimal precision.</summary>
    public int? TypePrecision { get; init; }

    /// <summary>Gets the decimal scale.</summary>
    public int? TypeScale { get; init; }

    /// <summary>Gets the interval qualifier for INTERVAL columns.</summary>
    public string? TypeIntervalType { get; init; }
}

using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Catalog;

/// <summary>The kind of a Unity Catalog table. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<TableType>))]
public readonly record struct TableType : IStringValue<TableType>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public TableType(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>MANAGED</c>.</summary>
    public static TableType Managed { get; } = new("MANAGED");

    /// <summary>The value <c>EXTERNAL</c>.</summary>
    public static TableType External { get; } = new("EXTERNAL");

    /// <summary>The value <c>VIEW</c>.</summary>
    public static TableType View { get; } = new("VIEW");

    /// <summary>The value <c>MATERIALIZED_VIEW</c>.</summary>
    public static TableType MaterializedView { get; } = new("MATERIALIZED_VIEW");

    /// <summary>The value <c>STREAMING_TABLE</c>.</summary>
    public static TableType StreamingTable { get; } = new("STREAMING_TABLE");

    /// <summary>The value <c>FOREIGN</c>.</summary>
    public static TableType Foreign { get; } = new("FOREIGN");

    /// <summary>The value <c>METRIC_VIEW</c>.</summary>
    public static TableType MetricView { get; } = new("METRIC_VIEW");

    /// <summary>The value <c>MANAGED_SHALLOW_CLONE</c>.</summary>
    public static TableType ManagedShallowClone { get; } = new("MANAGED_SHALLOW_CLONE");

    /// <summary>The value <c>EXTERNAL_SHALLOW_CLONE</c>.</summary>
    public static TableType ExternalShallowClone { get; } = new("EXTERNAL_SHALLOW_CLONE");

    /// <inheritdoc/>
    public static TableType From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Catalog;

/// <summary>The storage format of a Unity Catalog table. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<DataSourceFormat>))]
public readonly record struct DataSourceFormat : IStringValue<DataSourceFormat>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public DataSourceFormat(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>DELTA</c>.</summary>
    public static DataSourceFormat Delta { get; } = new("DELTA");

    /// <summary>The value <c>PARQUET</c>.</summary>
    public static DataSourceFormat Parquet { get; } = new("PARQUET");

    /// <summary>The value <c>CSV</c>.</summary>
    public static DataSourceFormat Csv { get; } = new("CSV");

    /// <summary>The value <c>JSON</c>.</summary>
    public static DataSourceFormat Json { get; } = new("JSON");

    /// <summary>The value <c>AVRO</c>.</summary>
    public static DataSourceFormat Avro { get; } = new("AVRO");

    /// <summary>The value <c>ORC</c>.</summary>
    public static DataSourceFormat Orc { get; } = new("ORC");

    /// <summary>The value <c>TEXT</c>.</summary>
    public static DataSourceFormat Text { get; } = new("TEXT");

    /// <summary>The value <c>ICEBERG</c>.</summary>
    public static DataSourceFormat Iceberg { get; } = new("ICEBERG");

    /// <summary>The value <c>DELTASHARING</c>.</summary>
    public static DataSourceFormat Deltasharing { get; } = new("DELTASHARING");

    /// <summary>The value <c>UNITY_CATALOG</c>.</summary>
    public static DataSourceFormat UnityCatalog { get; } = new("UNITY_CATALOG");

    /// <summary>The value <c>DELTA_UNIFORM_ICEBERG</c>.</summary>
    public static DataSourceFormat DeltaUniformIceberg { get; } = new("DELTA_UNIFORM_ICEBERG");

    /// <inheritdoc/>
    public static DataSourceFormat From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

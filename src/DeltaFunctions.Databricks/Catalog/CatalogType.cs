using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Catalog;

/// <summary>The kind of a Unity Catalog catalog. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<CatalogType>))]
public readonly record struct CatalogType : IStringValue<CatalogType>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public CatalogType(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>MANAGED_CATALOG</c>.</summary>
    public static CatalogType ManagedCatalog { get; } = new("MANAGED_CATALOG");

    /// <summary>The value <c>DELTASHARING_CATALOG</c>.</summary>
    public static CatalogType DeltasharingCatalog { get; } = new("DELTASHARING_CATALOG");

    /// <summary>The value <c>FOREIGN_CATALOG</c>.</summary>
    public static CatalogType ForeignCatalog { get; } = new("FOREIGN_CATALOG");

    /// <summary>The value <c>SYSTEM_CATALOG</c>.</summary>
    public static CatalogType SystemCatalog { get; } = new("SYSTEM_CATALOG");

    /// <inheritdoc/>
    public static CatalogType From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

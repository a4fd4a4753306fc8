using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The encoding of a statement's results. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<ResultFormat>))]
public readonly record struct ResultFormat : IStringValue<ResultFormat>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public ResultFormat(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>JSON_ARRAY</c>.</summary>
    public static ResultFormat JsonArray { get; } = new("JSON_ARRAY");

    /// <summary>The value <c>ARROW_STREAM</c>.</summary>
    public static ResultFormat ArrowStream { get; } = new("ARROW_STREAM");

    /// <summary>The value <c>CSV</c>.</summary>
    public static ResultFormat Csv { get; } = new("CSV");

    /// <inheritdoc/>
    public static ResultFormat From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

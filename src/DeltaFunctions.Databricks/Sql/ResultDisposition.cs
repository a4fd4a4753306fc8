using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>Where a statement's results are delivered: inline in the response or as external links. Unknown values round-trip unchanged.</summary>
[JsonConverter(typeof(StringValueJsonConverter<ResultDisposition>))]
public readonly record struct ResultDisposition : IStringValue<ResultDisposition>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public ResultDisposition(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>INLINE</c>.</summary>
    public static ResultDisposition Inline { get; } = new("INLINE");

    /// <summary>The value <c>EXTERNAL_LINKS</c>.</summary>
    public static ResultDisposition ExternalLinks { get; } = new("EXTERNAL_LINKS");

    /// <summary>The value <c>INLINE_OR_EXTERNAL_LINKS</c>.</summary>
    public static ResultDisposition InlineOrExternalLinks { get; } = new("INLINE_OR_EXTERNAL_LINKS");

    /// <inheritdoc/>
    public static ResultDisposition From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

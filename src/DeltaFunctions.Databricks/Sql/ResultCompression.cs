using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// The compression of Arrow result chunks (request field <c>result_compression</c>, manifest field
/// <c>result_compression</c>). Unknown values round-trip unchanged.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<ResultCompression>))]
public readonly record struct ResultCompression : IStringValue<ResultCompression>
{
    /// <summary>Creates a value from the string the service sends.</summary>
    /// <param name="value">The string; never null.</param>
    public ResultCompression(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <inheritdoc/>
    public string Value { get; }

    /// <summary>The value <c>LZ4_FRAME</c>: each Arrow chunk (attachment or external link body) is one LZ4 frame.</summary>
    public static ResultCompression Lz4Frame { get; } = new("LZ4_FRAME");

    /// <summary>The value <c>NONE</c>: chunks are plain Arrow IPC streams.</summary>
    public static ResultCompression None { get; } = new("NONE");

    /// <inheritdoc/>
    public static ResultCompression From(string value) => new(value);

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}

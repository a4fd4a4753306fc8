using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The Spark engine of a cluster (<c>runtime_engine</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<RuntimeEngine>))]
public readonly record struct RuntimeEngine : IExtensibleEnum<RuntimeEngine>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>STANDARD</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public RuntimeEngine(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>STANDARD</c>.</summary>
    public static RuntimeEngine Standard { get; } = new("STANDARD");

    /// <summary>Gets <c>PHOTON</c>.</summary>
    public static RuntimeEngine Photon { get; } = new("PHOTON");

    /// <summary>Gets <c>NULL</c>.</summary>
    public static RuntimeEngine Null { get; } = new("NULL");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static RuntimeEngine IExtensibleEnum<RuntimeEngine>.Create(string value) => new(value);
}

using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Whether a schedule, trigger or continuous job is active (<c>pause_status</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<PauseStatus>))]
public readonly record struct PauseStatus : IExtensibleEnum<PauseStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>PAUSED</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public PauseStatus(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>PAUSED</c>.</summary>
    public static PauseStatus Paused { get; } = new("PAUSED");

    /// <summary>Gets <c>UNPAUSED</c>.</summary>
    public static PauseStatus Unpaused { get; } = new("UNPAUSED");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static PauseStatus IExtensibleEnum<PauseStatus>.Create(string value) => new(value);
}

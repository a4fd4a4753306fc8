using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The category of a run's end (<c>status.termination_details.type</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<TerminationType>))]
public readonly record struct TerminationType : IExtensibleEnum<TerminationType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>SUCCESS</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public TerminationType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>SUCCESS</c>.</summary>
    public static TerminationType Success { get; } = new("SUCCESS");

    /// <summary>Gets <c>CLIENT_ERROR</c>.</summary>
    public static TerminationType ClientError { get; } = new("CLIENT_ERROR");

    /// <summary>Gets <c>INTERNAL_ERROR</c>.</summary>
    public static TerminationType InternalError { get; } = new("INTERNAL_ERROR");

    /// <summary>Gets <c>CLOUD_FAILURE</c>.</summary>
    public static TerminationType CloudFailure { get; } = new("CLOUD_FAILURE");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static TerminationType IExtensibleEnum<TerminationType>.Create(string value) => new(value);
}

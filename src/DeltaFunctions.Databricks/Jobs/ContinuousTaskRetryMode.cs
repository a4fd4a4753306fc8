using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Whether a continuous job retries failed tasks inside the run (<c>continuous.task_retry_mode</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<ContinuousTaskRetryMode>))]
public readonly record struct ContinuousTaskRetryMode : IExtensibleEnum<ContinuousTaskRetryMode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>NEVER</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public ContinuousTaskRetryMode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>NEVER</c>.</summary>
    public static ContinuousTaskRetryMode Never { get; } = new("NEVER");

    /// <summary>Gets <c>ON_FAILURE</c>.</summary>
    public static ContinuousTaskRetryMode OnFailure { get; } = new("ON_FAILURE");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static ContinuousTaskRetryMode IExtensibleEnum<ContinuousTaskRetryMode>.Create(string value) => new(value);
}

using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// When a task runs relative to its dependencies (<c>run_if</c>); ALL_SUCCESS when absent. An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<RunIf>))]
public readonly record struct RunIf : IExtensibleEnum<RunIf>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>ALL_SUCCESS</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public RunIf(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>ALL_SUCCESS</c>.</summary>
    public static RunIf AllSuccess { get; } = new("ALL_SUCCESS");

    /// <summary>Gets <c>AT_LEAST_ONE_SUCCESS</c>.</summary>
    public static RunIf AtLeastOneSuccess { get; } = new("AT_LEAST_ONE_SUCCESS");

    /// <summary>Gets <c>NONE_FAILED</c>.</summary>
    public static RunIf NoneFailed { get; } = new("NONE_FAILED");

    /// <summary>Gets <c>ALL_DONE</c>.</summary>
    public static RunIf AllDone { get; } = new("ALL_DONE");

    /// <summary>Gets <c>AT_LEAST_ONE_FAILED</c>.</summary>
    public static RunIf AtLeastOneFailed { get; } = new("AT_LEAST_ONE_FAILED");

    /// <summary>Gets <c>ALL_FAILED</c>.</summary>
    public static RunIf AllFailed { get; } = new("ALL_FAILED");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static RunIf IExtensibleEnum<RunIf>.Create(string value) => new(value);
}

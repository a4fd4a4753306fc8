using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// What started a run (<c>trigger</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<TriggerType>))]
public readonly record struct TriggerType : IExtensibleEnum<TriggerType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>PERIODIC</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public TriggerType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>PERIODIC</c>.</summary>
    public static TriggerType Periodic { get; } = new("PERIODIC");

    /// <summary>Gets <c>ONE_TIME</c>.</summary>
    public static TriggerType OneTime { get; } = new("ONE_TIME");

    /// <summary>Gets <c>RETRY</c>.</summary>
    public static TriggerType Retry { get; } = new("RETRY");

    /// <summary>Gets <c>RUN_JOB_TASK</c>.</summary>
    public static TriggerType RunJobTask { get; } = new("RUN_JOB_TASK");

    /// <summary>Gets <c>FILE_ARRIVAL</c>.</summary>
    public static TriggerType FileArrival { get; } = new("FILE_ARRIVAL");

    /// <summary>Gets <c>TABLE</c>.</summary>
    public static TriggerType Table { get; } = new("TABLE");

    /// <summary>Gets <c>CONTINUOUS</c>.</summary>
    public static TriggerType Continuous { get; } = new("CONTINUOUS");

    /// <summary>Gets <c>CONTINUOUS_RESTART</c>.</summary>
    public static TriggerType ContinuousRestart { get; } = new("CONTINUOUS_RESTART");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static TriggerType IExtensibleEnum<TriggerType>.Create(string value) => new(value);
}

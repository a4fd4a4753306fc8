using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Why a run waits in the queue (<c>status.queue_details.code</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<QueueReasonCode>))]
public readonly record struct QueueReasonCode : IExtensibleEnum<QueueReasonCode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>ACTIVE_RUNS_LIMIT_REACHED</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public QueueReasonCode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>ACTIVE_RUNS_LIMIT_REACHED</c>.</summary>
    public static QueueReasonCode ActiveRunsLimitReached { get; } = new("ACTIVE_RUNS_LIMIT_REACHED");

    /// <summary>Gets <c>MAX_CONCURRENT_RUNS_REACHED</c>.</summary>
    public static QueueReasonCode MaxConcurrentRunsReached { get; } = new("MAX_CONCURRENT_RUNS_REACHED");

    /// <summary>Gets <c>ACTIVE_RUN_JOB_TASKS_LIMIT_REACHED</c>.</summary>
    public static QueueReasonCode ActiveRunJobTasksLimitReached { get; } = new("ACTIVE_RUN_JOB_TASKS_LIMIT_REACHED");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static QueueReasonCode IExtensibleEnum<QueueReasonCode>.Create(string value) => new(value);
}

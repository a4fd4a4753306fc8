using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The life cycle state of a run in the legacy <c>state</c> object (<c>life_cycle_state</c>). Terminal: TERMINATED, SKIPPED, INTERNAL_ERROR. An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<RunLifeCycleState>))]
public readonly record struct RunLifeCycleState : IExtensibleEnum<RunLifeCycleState>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>QUEUED</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public RunLifeCycleState(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>QUEUED</c>.</summary>
    public static RunLifeCycleState Queued { get; } = new("QUEUED");

    /// <summary>Gets <c>PENDING</c>.</summary>
    public static RunLifeCycleState Pending { get; } = new("PENDING");

    /// <summary>Gets <c>RUNNING</c>.</summary>
    public static RunLifeCycleState Running { get; } = new("RUNNING");

    /// <summary>Gets <c>TERMINATING</c>.</summary>
    public static RunLifeCycleState Terminating { get; } = new("TERMINATING");

    /// <summary>Gets <c>TERMINATED</c>.</summary>
    public static RunLifeCycleState Terminated { get; } = new("TERMINATED");

    /// <summary>Gets <c>SKIPPED</c>.</summary>
    public static RunLifeCycleState Skipped { get; } = new("SKIPPED");

    /// <summary>Gets <c>INTERNAL_ERROR</c>.</summary>
    public static RunLifeCycleState InternalError { get; } = new("INTERNAL_ERROR");

    /// <summary>Gets <c>BLOCKED</c>.</summary>
    public static RunLifeCycleState Blocked { get; } = new("BLOCKED");

    /// <summary>Gets <c>WAITING_FOR_RETRY</c>.</summary>
    public static RunLifeCycleState WaitingForRetry { get; } = new("WAITING_FOR_RETRY");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether the run has ended in this state (TERMINATED, SKIPPED or INTERNAL_ERROR); unknown values are not terminal.</summary>
    public bool IsTerminal => this == Terminated || this == Skipped || this == InternalError;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static RunLifeCycleState IExtensibleEnum<RunLifeCycleState>.Create(string value) => new(value);
}

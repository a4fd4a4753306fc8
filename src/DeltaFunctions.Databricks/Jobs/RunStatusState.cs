using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The state in the newer <c>status</c> object (<c>status.state</c>). Terminal: TERMINATED. An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<RunStatusState>))]
public readonly record struct RunStatusState : IExtensibleEnum<RunStatusState>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>QUEUED</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public RunStatusState(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>QUEUED</c>.</summary>
    public static RunStatusState Queued { get; } = new("QUEUED");

    /// <summary>Gets <c>PENDING</c>.</summary>
    public static RunStatusState Pending { get; } = new("PENDING");

    /// <summary>Gets <c>RUNNING</c>.</summary>
    public static RunStatusState Running { get; } = new("RUNNING");

    /// <summary>Gets <c>TERMINATING</c>.</summary>
    public static RunStatusState Terminating { get; } = new("TERMINATING");

    /// <summary>Gets <c>TERMINATED</c>.</summary>
    public static RunStatusState Terminated { get; } = new("TERMINATED");

    /// <summary>Gets <c>BLOCKED</c>.</summary>
    public static RunStatusState Blocked { get; } = new("BLOCKED");

    /// <summary>Gets <c>WAITING</c>.</summary>
    public static RunStatusState Waiting { get; } = new("WAITING");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether the run has ended (TERMINATED); unknown values are not terminal.</summary>
    public bool IsTerminal => this == Terminated;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static RunStatusState IExtensibleEnum<RunStatusState>.Create(string value) => new(value);
}

using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The outcome of a finished run (<c>result_state</c>). The client also reports SKIPPED for a run whose life cycle ended SKIPPED without a result state. An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<RunResultState>))]
public readonly record struct RunResultState : IExtensibleEnum<RunResultState>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>SUCCESS</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public RunResultState(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>SUCCESS</c>.</summary>
    public static RunResultState Success { get; } = new("SUCCESS");

    /// <summary>Gets <c>FAILED</c>.</summary>
    public static RunResultState Failed { get; } = new("FAILED");

    /// <summary>Gets <c>TIMEDOUT</c>.</summary>
    public static RunResultState Timedout { get; } = new("TIMEDOUT");

    /// <summary>Gets <c>CANCELED</c>.</summary>
    public static RunResultState Canceled { get; } = new("CANCELED");

    /// <summary>Gets <c>MAXIMUM_CONCURRENT_RUNS_REACHED</c>.</summary>
    public static RunResultState MaximumConcurrentRunsReached { get; } = new("MAXIMUM_CONCURRENT_RUNS_REACHED");

    /// <summary>Gets <c>EXCLUDED</c>.</summary>
    public static RunResultState Excluded { get; } = new("EXCLUDED");

    /// <summary>Gets <c>SUCCESS_WITH_FAILURES</c>.</summary>
    public static RunResultState SuccessWithFailures { get; } = new("SUCCESS_WITH_FAILURES");

    /// <summary>Gets <c>UPSTREAM_FAILED</c>.</summary>
    public static RunResultState UpstreamFailed { get; } = new("UPSTREAM_FAILED");

    /// <summary>Gets <c>UPSTREAM_CANCELED</c>.</summary>
    public static RunResultState UpstreamCanceled { get; } = new("UPSTREAM_CANCELED");

    /// <summary>Gets <c>DISABLED</c>.</summary>
    public static RunResultState Disabled { get; } = new("DISABLED");

    /// <summary>Gets <c>SKIPPED</c>.</summary>
    public static RunResultState Skipped { get; } = new("SKIPPED");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets whether the outcome counts as success (SUCCESS or SUCCESS_WITH_FAILURES).</summary>
    public bool IsSuccess => this == Success || this == SuccessWithFailures;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static RunResultState IExtensibleEnum<RunResultState>.Create(string value) => new(value);
}

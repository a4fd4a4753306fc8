using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// How a run was created (<c>run_type</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<RunType>))]
public readonly record struct RunType : IExtensibleEnum<RunType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>JOB_RUN</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public RunType(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>JOB_RUN</c>.</summary>
    public static RunType JobRun { get; } = new("JOB_RUN");

    /// <summary>Gets <c>SUBMIT_RUN</c>.</summary>
    public static RunType SubmitRun { get; } = new("SUBMIT_RUN");

    /// <summary>Gets <c>WORKFLOW_RUN</c>.</summary>
    public static RunType WorkflowRun { get; } = new("WORKFLOW_RUN");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static RunType IExtensibleEnum<RunType>.Create(string value) => new(value);
}

using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Where a task's file lives (<c>source</c>): the workspace or the job's Git source. An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<TaskSource>))]
public readonly record struct TaskSource : IExtensibleEnum<TaskSource>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>WORKSPACE</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public TaskSource(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>WORKSPACE</c>.</summary>
    public static TaskSource Workspace { get; } = new("WORKSPACE");

    /// <summary>Gets <c>GIT</c>.</summary>
    public static TaskSource Git { get; } = new("GIT");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static TaskSource IExtensibleEnum<TaskSource>.Create(string value) => new(value);
}

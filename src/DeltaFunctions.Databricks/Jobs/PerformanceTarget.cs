using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The performance target of serverless job compute (<c>performance_target</c> on job settings, runs/submit and
/// run-now; Jobs API 2.2, databricks-sdk-go <c>jobs.PerformanceTarget</c>). An open, string-backed value: values
/// Databricks adds later deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<PerformanceTarget>))]
public readonly record struct PerformanceTarget : IExtensibleEnum<PerformanceTarget>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>STANDARD</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public PerformanceTarget(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>STANDARD</c>: cost-efficient execution of serverless workloads.</summary>
    public static PerformanceTarget Standard { get; } = new("STANDARD");

    /// <summary>Gets <c>PERFORMANCE_OPTIMIZED</c>: fast startup and execution through rapid scaling.</summary>
    public static PerformanceTarget PerformanceOptimized { get; } = new("PERFORMANCE_OPTIMIZED");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static PerformanceTarget IExtensibleEnum<PerformanceTarget>.Create(string value) => new(value);
}

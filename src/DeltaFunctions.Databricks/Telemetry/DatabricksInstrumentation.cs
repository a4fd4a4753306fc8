namespace DeltaFunctions.Databricks.Telemetry;

/// <summary>
/// The name the client publishes its telemetry under, for OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>:
/// one <see cref="System.Diagnostics.Metrics.Meter"/> and one <see cref="System.Diagnostics.ActivitySource"/> per
/// client, both named <see cref="Name"/>.
/// </summary>
public static class DatabricksInstrumentation
{
    /// <summary>The meter and activity source name: <c>DeltaFunctions.Databricks</c>.</summary>
    public const string Name = DatabricksTelemetry.Name;
}

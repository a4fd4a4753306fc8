namespace DeltaFunctions.Databricks.Delta;

/// <summary>Options of <see cref="DeltaClient.VacuumAsync"/>.</summary>
public sealed record VacuumOptions
{
    /// <summary>Gets a value indicating whether only to list the files that would be deleted.</summary>
    /// <value>Default <see langword="true"/>: deleting files is opt-in.</value>
    public bool DryRun { get; init; } = true;

    /// <summary>Gets the retention in hours; the table's setting (7 days by default) when null.</summary>
    public double? RetentionHours { get; init; }

    /// <summary>
    /// Gets a value indicating whether a retention under 168 hours (7 days) may be sent. Shorter retention breaks
    /// time travel and concurrent readers, so it is refused unless set. Databricks refuses it too
    /// (<c>DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT</c>) unless <c>spark.databricks.delta.retentionDurationCheck.enabled</c>
    /// is false in the compute's Spark configuration, which a SQL warehouse does not accept per statement; the error
    /// then says so.
    /// </summary>
    public bool AllowRetentionUnderSevenDays { get; init; }
}

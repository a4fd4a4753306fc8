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
    /// time travel and concurrent readers, so it is refused unless set; the service may refuse it too.
    /// </summary>
    public bool AllowRetentionUnderSevenDays { get; init; }
}

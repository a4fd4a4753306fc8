namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A job's cron schedule (<c>schedule</c>).</summary>
public sealed record CronSchedule
{
    /// <summary>Gets the Quartz cron expression, for example <c>0 0 2 * * ?</c>.</summary>
    public required string QuartzCronExpression { get; init; }

    /// <summary>Gets the Java time zone id the expression is read in, for example <c>UTC</c>.</summary>
    public required string TimezoneId { get; init; }

    /// <summary>Gets whether the schedule is paused.</summary>
    public PauseStatus? PauseStatus { get; init; }
}

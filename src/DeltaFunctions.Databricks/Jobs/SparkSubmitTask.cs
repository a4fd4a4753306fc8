namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A legacy spark-submit task (<c>spark_submit_task</c>); runs only on a new cluster.</summary>
public sealed record SparkSubmitTask
{
    /// <summary>Gets the spark-submit arguments, for example <c>--class</c>, <c>--jars</c>, <c>--conf</c> and the application.</summary>
    public required IReadOnlyList<string> Parameters { get; init; }
}

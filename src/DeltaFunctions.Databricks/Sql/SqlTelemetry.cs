using System.Diagnostics.Metrics;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The SQL and Delta instruments on the library's meter; one per <see cref="DatabricksClient"/>.</summary>
internal sealed class SqlTelemetry
{
    /// <summary>Histogram: time from submit to a final state, tagged <c>state</c>.</summary>
    public const string QueryDuration = "databricks_sql_query_duration_seconds";

    /// <summary>Counter: Delta operations run, tagged <c>operation</c> and <c>outcome</c>.</summary>
    public const string DeltaOperations = "databricks_delta_operations_total";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _delta;

    public SqlTelemetry(Meter meter)
    {
        _duration = meter.CreateHistogram<double>(
            QueryDuration,
            "s",
            "Time from submitting a SQL statement to its final state.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900] });
        _delta = meter.CreateCounter<long>(DeltaOperations, "{operation}", "Delta operations run, by operation and outcome.");
    }

    public void QueryFinished(TimeSpan elapsed, string state) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("state", state));

    public void DeltaOperation(string operation, string outcome) =>
        _delta.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// The Jobs instruments, created on the library's <see cref="Meter"/>: <c>databricks_job_duration_seconds</c>
/// (histogram of finished runs by <c>result_state</c>), <c>databricks_job_runs_submitted_total</c> (by
/// <c>operation</c> submit/run_now) and <c>databricks_job_runs_completed_total</c> (by <c>result_state</c>).
/// </summary>
internal sealed class JobsTelemetry
{
    /// <summary>Name of the run duration histogram.</summary>
    public const string DurationName = "databricks_job_duration_seconds";

    /// <summary>Name of the started runs counter.</summary>
    public const string StartedName = "databricks_job_runs_submitted_total";

    /// <summary>Name of the completed runs counter.</summary>
    public const string CompletedName = "databricks_job_runs_completed_total";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;

    /// <summary>Creates the instruments on a meter.</summary>
    /// <param name="meter">The library's meter.</param>
    public JobsTelemetry(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _duration = meter.CreateHistogram<double>(DurationName, unit: "s", description: "Duration of finished Databricks job runs, by result state.");
        _started = meter.CreateCounter<long>(StartedName, unit: "{run}", description: "Accepted runs/submit and run-now calls, by operation (an idempotent resubmit counts again).");
        _completed = meter.CreateCounter<long>(CompletedName, unit: "{run}", description: "Databricks job runs seen finishing, by result state.");
    }

    /// <summary>Counts a started run.</summary>
    /// <param name="operation"><c>submit</c> or <c>run_now</c>.</param>
    public void RunStarted(string operation) => _started.Add(1, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Records a finished run.</summary>
    /// <param name="run">The terminal run.</param>
    /// <param name="resultState">Its outcome.</param>
    /// <param name="waited">How long the client waited, used when the run carries no times.</param>
    public void RunCompleted(Run run, RunResultState resultState, TimeSpan waited)
    {
        var tags = new TagList { { "result_state", resultState.Value } };
        _completed.Add(1, tags);
        _duration.Record(DurationSeconds(run, waited), tags);
    }

    /// <summary>Gets a run's duration: run_duration, else end−start, else the time waited.</summary>
    /// <param name="run">The run.</param>
    /// <param name="waited">The time waited.</param>
    /// <returns>Seconds.</returns>
    internal static double DurationSeconds(Run run, TimeSpan waited)
    {
        if (run.RunDuration is > 0)
        {
            return run.RunDuration.Value / 1000.0;
        }

        if (run.StartTime is > 0 && run.EndTime is > 0 && run.EndTime >= run.StartTime)
        {
            return (run.EndTime.Value - run.StartTime.Value) / 1000.0;
        }

        return waited.TotalSeconds;
    }
}

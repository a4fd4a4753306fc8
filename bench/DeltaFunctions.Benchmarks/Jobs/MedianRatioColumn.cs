using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace DeltaFunctions.Benchmarks.Jobs;

/// <summary>
/// A summary column with each case's median (p50) set against its category's baseline median, measured in the same
/// run: <c>P50 ratio</c> is case ÷ baseline time (lower is better), <c>Throughput ratio</c> its inverse, baseline ÷
/// case time, the share of the raw throughput the case reaches (higher is better). BenchmarkDotNet's own
/// <c>Ratio</c> column compares means, which a few slow iterations on a shared machine move more than the median.
/// </summary>
internal sealed class MedianRatioColumn(bool throughput) : IColumn
{
    /// <summary>Case median ÷ baseline median.</summary>
    public static readonly IColumn P50 = new MedianRatioColumn(throughput: false);

    /// <summary>Baseline median ÷ case median.</summary>
    public static readonly IColumn Throughput = new MedianRatioColumn(throughput: true);

    public string Id => throughput ? "ThroughputRatio" : "P50Ratio";

    public string ColumnName => throughput ? "Throughput ratio" : "P50 ratio";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => throughput
        ? "Baseline median ÷ this case's median: the share of the raw throughput reached"
        : "This case's median (p50) ÷ the baseline's median, same run";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var caseMedian = summary[benchmarkCase]?.ResultStatistics?.Median;
        var baseMedian = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        if (caseMedian is not > 0 || baseMedian is not > 0)
        {
            return "?";
        }

        var ratio = throughput ? baseMedian.Value / caseMedian.Value : caseMedian.Value / baseMedian.Value;
        return ratio.ToString("0.00", CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}

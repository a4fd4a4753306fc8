using System.Diagnostics;
using System.Globalization;

namespace DeltaFunctions.Benchmarks;

/// <summary>
/// Wall times of cases run round by round (every case once per round, the order rotating), so each case is set against
/// a baseline measured under the same load on a shared machine. <see cref="Report"/> gives the <c>// PAIRED</c> lines:
/// the baseline's median with the load average at the first round and now, then per case the median, the ratio of medians,
/// the median of the per-round ratios (with their range), the ratio of the fastest runs (the least disturbed by
/// other work) and the ratio of the median process CPU times (every thread of this process, DuckDB's workers included:
/// on a loaded machine wall times stretch with time slicing, CPU times far less).
/// </summary>
internal sealed class PairedTimes
{
    private readonly string[] _cases;
    private readonly Dictionary<string, List<double>> _times;
    private readonly Dictionary<string, List<double>> _cpu;
    private readonly Process _process = Process.GetCurrentProcess();
    private string? _loadAtStart;
    private int _round;

    /// <summary>Initializes a new instance of the <see cref="PairedTimes"/> class.</summary>
    /// <param name="cases">The case names, the baseline first.</param>
    public PairedTimes(params string[] cases)
    {
        _cases = cases;
        _times = cases.ToDictionary(c => c, _ => new List<double>(), StringComparer.Ordinal);
        _cpu = cases.ToDictionary(c => c, _ => new List<double>(), StringComparer.Ordinal);
    }

    /// <summary>Gets the number of complete rounds recorded.</summary>
    public int Rounds => _times[_cases[0]].Count;

    /// <summary>Gets the cases in the order the next round runs them (rotated by one each round).</summary>
    /// <returns>The case names.</returns>
    public IEnumerable<string> NextRound()
    {
        _loadAtStart ??= LoadAverage();
        var round = _round++;
        return Enumerable.Range(0, _cases.Length).Select(k => _cases[(round + k) % _cases.Length]);
    }

    /// <summary>Runs one case and records its wall and process CPU time.</summary>
    /// <typeparam name="T">The case's result.</typeparam>
    /// <param name="name">The case.</param>
    /// <param name="run">Runs it.</param>
    /// <returns>Its result.</returns>
    public async Task<T> MeasureAsync<T>(string name, Func<Task<T>> run)
    {
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        _times[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _process.Refresh();
        _cpu[name].Add((_process.TotalProcessorTime - cpu).TotalMilliseconds);
        return result;
    }

    /// <summary>Gets the <c>// PAIRED</c> lines, or none when no round was recorded.</summary>
    /// <param name="what">What was measured, for the first line (e.g. <c>MERGE 100000 rows</c>).</param>
    /// <returns>The lines.</returns>
    public IEnumerable<string> Report(string what)
    {
        var baseline = _times[_cases[0]];
        if (baseline.Count == 0)
        {
            yield break;
        }

        yield return string.Create(CultureInfo.InvariantCulture,
            $"// PAIRED {what}, {baseline.Count} rounds, load {_loadAtStart} -> {LoadAverage()}: {_cases[0]} median {Median(baseline):0.0} ms");
        foreach (var name in _cases.Skip(1))
        {
            var times = _times[name];
            var perRound = times.Select((t, i) => t / baseline[i]).ToList();
            yield return string.Create(CultureInfo.InvariantCulture,
                $"// PAIRED {name} median {Median(times):0.0} ms, ratio of medians {Median(times) / Median(baseline):0.00}, median per-round ratio {Median(perRound):0.00} (range {perRound.Min():0.00}-{perRound.Max():0.00}), ratio of minimums {times.Min() / baseline.Min():0.00}, CPU median {Median(_cpu[name]):0.0} ms ÷ {Median(_cpu[_cases[0]]):0.0} ms = {Median(_cpu[name]) / Median(_cpu[_cases[0]]):0.00}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Auth;

namespace DeltaFunctions.Deployment.Tests.Monitoring;

/// <summary>
/// The instruments the client library really creates on its meter, captured with a <see cref="MeterListener"/> while
/// a client and its Jobs and SQL sub-clients are built, and the series names the OpenTelemetry Prometheus exporter
/// publishes for them (OpenTelemetry's Prometheus compatibility rules: unit annotations in braces dropped, the unit
/// word appended unless the name has it, <c>_total</c> on counters unless the name has it, histograms as
/// <c>_bucket</c>/<c>_sum</c>/<c>_count</c>).
/// </summary>
internal static partial class EmittedMetrics
{
    /// <summary>The client library's meter name.</summary>
    public const string MeterName = "DeltaFunctions.Databricks";

    private static readonly Lazy<IReadOnlyList<Instrument>> Captured = new(Capture);

    /// <summary>Every instrument of the library's meter.</summary>
    public static IReadOnlyList<Instrument> Instruments => Captured.Value;

    /// <summary>Instrument names as Application Insights stores them (customMetrics.name).</summary>
    public static IReadOnlySet<string> InstrumentNames => Instruments.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every series name a Prometheus scrape of the library's instruments shows.</summary>
    public static IReadOnlySet<string> PrometheusSeries => Instruments.SelectMany(SeriesOf).ToHashSet(StringComparer.Ordinal);

    /// <summary>The Prometheus series of one instrument.</summary>
    public static IEnumerable<string> SeriesOf(Instrument instrument)
    {
        var name = MultipleUnderscores().Replace(InvalidCharacter().Replace(instrument.Name, "_"), "_");
        var unit = Annotation().Replace(instrument.Unit ?? string.Empty, string.Empty) switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            "1" or "" => string.Empty,
            var other => other,
        };
        if (unit.Length > 0 && !name.Contains(unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        var kind = instrument.GetType().GetGenericTypeDefinition();
        if ((kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>)) && !name.Contains("total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return kind == typeof(Histogram<>) ? [name + "_bucket", name + "_sum", name + "_count"] : [name];
    }

    private static IReadOnlyList<Instrument> Capture()
    {
        var found = new ConcurrentDictionary<string, Instrument>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == MeterName)
                {
                    found[instrument.Name] = instrument;
                }
            },
        };
        listener.Start();
        using (var client = new DatabricksClient(new Uri("https://adb-1.1.azuredatabricks.net"), DatabricksCredential.FromPersonalAccessToken("dapi-metrics-test")))
        {
            _ = client.GetJobsClient();
            _ = client.GetSqlClient();
        }

        return [.. found.Values.OrderBy(i => i.Name, StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Annotation();

    [GeneratedRegex("[^A-Za-z0-9_:]")]
    private static partial Regex InvalidCharacter();

    [GeneratedRegex("__+")]
    private static partial Regex MultipleUnderscores();
}

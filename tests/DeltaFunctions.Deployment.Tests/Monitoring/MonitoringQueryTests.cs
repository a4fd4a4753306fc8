using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Identity;
using DeltaFunctions.Databricks;
using DeltaFunctions.Deployment.Tests.Infra;
using DeltaFunctions.TestUtilities;

namespace DeltaFunctions.Deployment.Tests.Monitoring;

/// <summary>
/// The Prometheus alert rules, the Grafana dashboard, the Azure Workbook and the Azure Monitor alerts of infra/ against
/// the metrics the client emits, so none of them can query a series that does not exist.
/// </summary>
public sealed partial class MonitoringQueryTests
{
    private static readonly string[] SeedAlerts =
        ["DatabricksHighErrorRate", "DatabricksRateLimited", "DatabricksCircuitBreakerOpen", "DatabricksJobDurationHigh", "DatabricksAuthFailures"];

    private static readonly string[] SeedPanels =
        ["Request rate", "Error rate", "p95 latency", "Rate-limited requests", "Circuit breaker state", "Job run duration", "Auth failures"];

    // The error_type values that mean the credentials failed: Databricks' 401/403 codes and the Azure.Identity failures.
    private static readonly string[] AuthErrorTypes =
    [
        DatabricksErrorCode.Unauthenticated.Value,
        DatabricksErrorCode.PermissionDenied.Value,
        nameof(AuthenticationFailedException),
        nameof(CredentialUnavailableException),
    ];

    private static JsonObject PrometheusRules() => YamlDocuments.Parse(RepositoryRoot.ReadAllText("monitoring/prometheus/alerts.yml")).Single()!.AsObject();

    private static IEnumerable<JsonObject> PrometheusAlerts() =>
        PrometheusRules()["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!.AsObject());

    private static JsonObject Grafana() => JsonNode.Parse(RepositoryRoot.ReadAllText("monitoring/grafana/deltafunctions-databricks.json"))!.AsObject();

    private static IEnumerable<JsonObject> WorkbookQueries() =>
        JsonNode.Parse(RepositoryRoot.ReadAllText("monitoring/azure-workbook.json"))!["items"]!.AsArray()
            .Select(i => i!.AsObject()).Where(i => i["type"]!.GetValue<int>() == 3).Select(i => i["content"]!.AsObject());

    private static IEnumerable<string> PromQlMetrics(string expression) => PromQlMetric().Matches(expression).Select(m => m.Value);

    private static IEnumerable<string> KqlMetrics(string query) =>
        KqlNameEquals().Matches(query).Select(m => m.Groups[1].Value)
            .Concat(KqlNameIn().Matches(query).SelectMany(m => Quoted().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value)));

    [Fact]
    public void Client_EmitsTheInstrumentsTheMonitoringAssumes()
    {
        var series = EmittedMetrics.PrometheusSeries;

        Assert.Superset(new HashSet<string>(
        [
            "databricks_api_requests_total", "databricks_errors_total", "databricks_rate_limits_total", "databricks_circuit_breaker_state",
            "databricks_job_duration_seconds_bucket", "databricks_sql_query_duration_seconds_bucket", "databricks_job_runs_completed_total",
        ]), series.ToHashSet(StringComparer.Ordinal));
        Assert.DoesNotContain("databricks_api_requests_total_total", series);
        Assert.DoesNotContain("databricks_job_duration_seconds_seconds_bucket", series);
    }

    [Fact]
    public void PrometheusRules_AreTheSeedsFiveAlerts_OverEmittedSeries()
    {
        var alerts = PrometheusAlerts().ToList();

        Assert.Equal(SeedAlerts, alerts.Select(a => a["alert"]!.GetValue<string>()));
        AssertEachNamesOnly(alerts.Select(a => a["expr"]!.GetValue<string>()), PromQlMetrics, EmittedMetrics.PrometheusSeries);
        Assert.All(alerts, alert => Assert.StartsWith("docs/runbooks.md#", alert["annotations"]!["runbook"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void GrafanaDashboard_HasTheSevenPanels_EachQueryingEmittedSeries()
    {
        var panels = Grafana()["panels"]!.AsArray().Select(p => p!.AsObject()).ToList();

        Assert.Equal(SeedPanels, panels.Select(p => p["title"]!.GetValue<string>()));
        Assert.All(panels, panel => Assert.NotEmpty(panel["targets"]!.AsArray()));
        AssertEachNamesOnly(panels.SelectMany(p => p["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>()), PromQlMetrics, EmittedMetrics.PrometheusSeries);
    }

    [Fact]
    public void AzureWorkbook_HasTheSamePanels_EachQueryingEmittedInstruments()
    {
        var queries = WorkbookQueries().ToList();

        Assert.Equal(SeedPanels, queries.Select(q => q["title"]!.GetValue<string>()));
        Assert.All(queries, query => Assert.StartsWith("customMetrics", query["query"]!.GetValue<string>(), StringComparison.Ordinal));
        AssertEachNamesOnly(queries.Select(q => q["query"]!.GetValue<string>()), KqlMetrics, EmittedMetrics.InstrumentNames);
    }

    [Fact]
    public async Task AzureMonitorAlerts_AreTheFivePlusDeadLettersAndFailedOrchestrations_OverEmittedInstruments()
    {
        var template = new ArmTemplate(await BicepCli.CompiledMainAsync());
        var alerts = template.Module("alerts")["properties"]!["template"]!["variables"]!["logAlerts"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var deadLetters = template.OfType("Microsoft.Insights/metricAlerts").Single().Resource["properties"]!["criteria"]!["allOf"]![0]!;

        Assert.Equal([.. SeedAlerts, "DurableOrchestrationFailed"], alerts.Select(a => a["name"]!.GetValue<string>()));
        AssertEachNamesOnly(alerts.Take(SeedAlerts.Length).Select(a => a["query"]!.GetValue<string>()), KqlMetrics, EmittedMetrics.InstrumentNames);
        Assert.Contains("\"Host.Triggers.DurableTask\"", alerts[^1]["query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("prop__state\"]) == \"Failed\"", alerts[^1]["query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("DeadletteredMessages", deadLetters["metricName"]!.GetValue<string>());
        Assert.Equal("EntityName", deadLetters["dimensions"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AuthFailureQueries_EverywhereMatchTheSameErrorTypes()
    {
        var template = new ArmTemplate(await BicepCli.CompiledMainAsync());
        var prometheus = PrometheusAlerts().Single(a => a["alert"]!.GetValue<string>() == "DatabricksAuthFailures")["expr"]!.GetValue<string>();
        var grafana = Grafana()["panels"]!.AsArray().Single(p => p!["title"]!.GetValue<string>() == "Auth failures")!["targets"]![0]!["expr"]!.GetValue<string>();
        var workbook = WorkbookQueries().Single(q => q["title"]!.GetValue<string>() == "Auth failures")["query"]!.GetValue<string>();
        var azure = template.Strings().Single(s => s.Contains("AuthFailures = ", StringComparison.Ordinal));

        Assert.All(new[] { prometheus, grafana }, e => Assert.Equal(AuthErrorTypes, ErrorTypeRegex().Match(e).Groups[1].Value.Split('|')));
        Assert.All(new[] { workbook, azure }, q => Assert.Equal(AuthErrorTypes, Quoted().Matches(ErrorTypeIn().Match(q).Groups[1].Value).Select(m => m.Groups[1].Value)));
    }

    [Fact]
    public async Task Runbooks_HaveASectionForEveryAlertLink_AndNameOnlyRealMetricsAndSettings()
    {
        var runbooks = RepositoryRoot.ReadAllText("docs/runbooks.md");
        var template = new ArmTemplate(await BicepCli.CompiledMainAsync());
        var sections = Heading().Matches(runbooks).Select(m => Slug(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var links = PrometheusAlerts().Select(a => a["annotations"]!["runbook"]!.GetValue<string>())
            .Concat(template.Strings().SelectMany(s => RunbookLink().Matches(s).Select(m => m.Value)))
            .Select(link => link.Split('#')[1]).Distinct().ToList();
        var kql = KqlBlock().Matches(runbooks).Select(m => m.Groups[1].Value).ToList();
        var settings = AppSettingsTheAppReads.All().SelectMany(aliases => aliases).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(SeedAlerts.Length + 2, links.Count);
        Assert.All(links, link => Assert.Contains(link, sections));
        Assert.Subset(sections, new HashSet<string>(["job-failures", "warehouse-issues", "delta-conflicts", "dead-lettered-messages", "stuck-or-failed-orchestrations"]));
        Assert.All(kql.Where(q => q.Contains("customMetrics", StringComparison.Ordinal)).SelectMany(KqlMetrics), metric => Assert.Contains(metric, EmittedMetrics.InstrumentNames));
        Assert.All(SettingName().Matches(runbooks).Select(m => m.Groups[1].Value).Distinct(), name => Assert.Contains(name, settings));
    }

    private static string Slug(string heading) =>
        string.Concat(heading.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-')).Replace(' ', '-');

    /// <summary>Every query names at least one metric, and every metric it names is in <paramref name="emitted"/>.</summary>
    private static void AssertEachNamesOnly(IEnumerable<string> queries, Func<string, IEnumerable<string>> metricsOf, IReadOnlySet<string> emitted) =>
        Assert.All(queries, query =>
        {
            Assert.NotEmpty(metricsOf(query));
            Assert.All(metricsOf(query), metric => Assert.Contains(metric, emitted));
        });

    [GeneratedRegex(@"^#{2,3} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"docs/runbooks\.md#[a-z0-9-]+")]
    private static partial Regex RunbookLink();

    [GeneratedRegex(@"```kusto\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex KqlBlock();

    [GeneratedRegex(@"`((?:DATABRICKS|AZURE|ARM)_[A-Z_]+|(?:Databricks|Pipelines__Handlers|Maintenance)__[A-Za-z]+)`")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"\bdatabricks_[a-z0-9_]+\b")]
    private static partial Regex PromQlMetric();

    [GeneratedRegex(@"\bname\s*==\s*""([^""]+)""")]
    private static partial Regex KqlNameEquals();

    [GeneratedRegex(@"\bname\s+in\s*\(([^)]*)\)")]
    private static partial Regex KqlNameIn();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"error_type=~""([^""]+)""")]
    private static partial Regex ErrorTypeRegex();

    [GeneratedRegex(@"error_type(?:""\]\))?\s+in\s*\(([^)]*)\)")]
    private static partial Regex ErrorTypeIn();
}

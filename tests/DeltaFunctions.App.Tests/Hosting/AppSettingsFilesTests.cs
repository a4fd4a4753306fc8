using System.Text.Json;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Databricks;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Hosting;
using DeltaFunctions.Pipelines.Maintenance;
using Microsoft.Extensions.Configuration;

namespace DeltaFunctions.App.Tests.Hosting;

/// <summary>host.json and local.settings.sample.json at the repository root agree with what the App and libraries read.</summary>
public sealed class AppSettingsFilesTests
{
    // The Databricks options backed by an SDK environment variable (DatabricksConfiguration); the rest are section-only.
    private static readonly Dictionary<string, string> DatabricksEnvironmentVariables = new(StringComparer.Ordinal)
    {
        [nameof(DatabricksClientOptions.Host)] = "DATABRICKS_HOST",
        [nameof(DatabricksClientOptions.AuthType)] = "DATABRICKS_AUTH_TYPE",
        [nameof(DatabricksClientOptions.Token)] = "DATABRICKS_TOKEN",
        [nameof(DatabricksClientOptions.ClientId)] = "DATABRICKS_CLIENT_ID",
        [nameof(DatabricksClientOptions.ClientSecret)] = "DATABRICKS_CLIENT_SECRET",
        [nameof(DatabricksClientOptions.AzureTenantId)] = "AZURE_TENANT_ID",
        [nameof(DatabricksClientOptions.AzureClientId)] = "AZURE_CLIENT_ID",
        [nameof(DatabricksClientOptions.AzureClientSecret)] = "AZURE_CLIENT_SECRET",
        [nameof(DatabricksClientOptions.AzureUseMsi)] = "ARM_USE_MSI",
        [nameof(DatabricksClientOptions.AzureResourceId)] = "DATABRICKS_AZURE_RESOURCE_ID",
        [nameof(DatabricksClientOptions.AzureAuthorityHost)] = "AZURE_AUTHORITY_HOST",
        [nameof(DatabricksClientOptions.WarehouseId)] = "DATABRICKS_WAREHOUSE_ID",
        [nameof(DatabricksClientOptions.Catalog)] = "DATABRICKS_CATALOG",
        [nameof(DatabricksClientOptions.Schema)] = "DATABRICKS_SCHEMA",
        [nameof(DatabricksClientOptions.TimeoutSeconds)] = "DATABRICKS_TIMEOUT_SECS",
        [nameof(DatabricksClientOptions.RateLimit)] = "DATABRICKS_RATE_LIMIT",
        [nameof(DatabricksClientOptions.MaxRetries)] = "DATABRICKS_MAX_RETRIES",
        [nameof(DatabricksClientOptions.DryRun)] = "DATABRICKS_DRY_RUN",
    };

    private static readonly JsonElement Settings = LoadJson("local.settings.sample.json").GetProperty("Values");

    private static readonly JsonElement Host = LoadJson("host.json");

    [Fact]
    public void Sample_EveryDatabricksOption_ByItsEnvironmentVariableOrSectionKey()
    {
        var options = typeof(DatabricksClientOptions).GetProperties()
            .Where(p => p.CanWrite && p.Name != nameof(DatabricksClientOptions.TokenCredential) && !IsKeyedSection(p))

            // Record and replay are for test runs and local sessions, not settings of the deployed app.
            .Where(p => p.Name is not (nameof(DatabricksClientOptions.RecordPath) or nameof(DatabricksClientOptions.ReplayPath)))
            .Select(p => p.Name);

        var missing = options.Where(name => !Has(DatabricksEnvironmentVariables.TryGetValue(name, out var variable) ? variable : "Databricks__" + name));

        Assert.Empty(missing);
    }

    /// <summary>
    /// Options that are a section of free keys (<c>Databricks:QueryTags:&lt;key&gt;</c>) have no one setting the sample
    /// could list; with none set nothing is sent, so the README's configuration table documents them instead.
    /// </summary>
    [Fact]
    public void Readme_EveryKeyedDatabricksOption_DocumentedWithItsKeyForm()
    {
        var keyed = typeof(DatabricksClientOptions).GetProperties().Where(IsKeyedSection).Select(p => p.Name).ToList();
        var readme = RepositoryFiles.Read("README.md");

        Assert.Contains(nameof(DatabricksClientOptions.QueryTags), keyed);
        Assert.All(keyed, name => Assert.Contains($"`Databricks:{name}:<key>`", readme, StringComparison.Ordinal));
    }

    private static bool IsKeyedSection(System.Reflection.PropertyInfo property) =>
        property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>);

    [Fact]
    public void Sample_EveryHandlerOption_ExceptTheOptionalWarehouseAndStagingVolume()
    {
        var options = typeof(RequestHandlerOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        string[] optional = [nameof(RequestHandlerOptions.WarehouseId), nameof(RequestHandlerOptions.StagingVolumePath)];

        var missing = options.Where(name => !optional.Contains(name) && !Has("Pipelines__Handlers__" + name));

        Assert.Empty(missing);
    }

    [Fact]
    public void Sample_EverySettingTheAppTriggersBind()
    {
        var bound = RepositoryFiles.PercentSettings().Concat(RepositoryFiles.Connections()).ToList();

        var missing = bound.Where(name => !Has(name.Replace(":", "__", StringComparison.Ordinal)));

        Assert.Contains(MaintenanceSettings.OptimizeScheduleKey, bound);
        Assert.Contains(MaintenanceSettings.VacuumScheduleKey, bound);
        Assert.Contains(ServiceBusConnectionSettings.DefaultName, bound);
        Assert.Empty(missing);
        Assert.True(Has("AzureWebJobsStorage"));
        Assert.Equal("dotnet-isolated", Settings.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void Sample_MaintenancePlan_IsAValidPlan()
    {
        var plan = Settings.GetProperty(MaintenanceSettings.PlanKey.Replace(":", "__", StringComparison.Ordinal)).GetString();

        var preparation = MaintenanceRuns.Prepare(MaintenanceTrigger.Optimize, plan);

        Assert.True(preparation.IsValid, string.Join("; ", preparation.Problems));
        Assert.Equal(MaintenanceOperations.Optimize, preparation.Request.Operations);
    }

    [Fact]
    public void Sample_ServiceBusConnection_ReadsAsAConnectionString()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Settings.EnumerateObject().Select(p =>
                new KeyValuePair<string, string?>(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString())))
            .Build();

        var connection = ServiceBusConnectionSettings.Read(configuration);

        Assert.StartsWith("Endpoint=sb://", connection.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void HostJson_DurableHubName_IsAValidTaskHubName()
    {
        var hub = Host.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString();

        // Task hub names: 3–45 characters, letters and digits, starting with a letter (Durable Functions docs).
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
    }

    [Fact]
    public void HostJson_LockRenewalAndFunctionTimeout_OutlastTheLongestStatement()
    {
        var statementTimeout = TimeSpan.Parse(Settings.GetProperty("Pipelines__Handlers__StatementTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        var lockRenewal = TimeSpan.Parse(Host.GetProperty("extensions").GetProperty("serviceBus").GetProperty("maxAutoLockRenewalDuration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var functionTimeout = TimeSpan.Parse(Host.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(new RequestHandlerOptions().StatementTimeout, statementTimeout);
        Assert.True(lockRenewal >= statementTimeout, "a message lock must be renewed for as long as its statement may run");
        Assert.True(functionTimeout >= statementTimeout, "a function must be allowed to run as long as its statement");
        Assert.Equal("2.0", Host.GetProperty("version").GetString());
    }

    private static bool Has(string key) => Settings.TryGetProperty(key, out _);

    private static JsonElement LoadJson(string name)
    {
        using var document = JsonDocument.Parse(RepositoryFiles.Read(name));
        return document.RootElement.Clone();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using DeltaFunctions.TestUtilities;

namespace DeltaFunctions.Deployment.Tests.Infra;

/// <summary>infra/main.bicep, compiled by the Bicep CLI, against what the App needs.</summary>
public sealed partial class MainTemplateTests
{
    // Azure RBAC built-in role ids (learn.microsoft.com, "Azure built-in roles"), written out here independently of
    // infra/modules/roles.bicep so a wrong id there fails.
    private static readonly Dictionary<string, string> ExpectedRoles = new(StringComparer.Ordinal)
    {
        ["storageBlobDataOwner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["storageQueueDataContributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["storageTableDataContributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["serviceBusDataReceiver"] = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
        ["serviceBusDataSender"] = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
        ["keyVaultSecretsUser"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["durableTaskDataContributor"] = "0ad04412-c4d5-4796-b79c-f76d14c8d402",
    };

    private static async Task<ArmTemplate> MainAsync() => new(await BicepCli.CompiledMainAsync());

    private static JsonObject AppSettings(ArmTemplate template) =>
        template.OfType("Microsoft.Web/sites/config").Single(r => r.Resource["name"]!.GetValue<string>().Contains("appsettings", StringComparison.Ordinal))
            .Resource["properties"]!.AsObject();

    [Fact]
    public async Task Build_MainTemplate_LintsWithoutWarnings()
    {
        var result = await BicepCli.RunAsync(["lint", RepositoryRoot.Combine("infra/main.bicep")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, (result.StandardOutput + result.StandardError).Trim());
    }

    [Fact]
    public async Task AppSettings_EverySettingTheAppReads_IsSetByNameOrIdentityForm()
    {
        var template = await MainAsync();
        var settings = AppSettings(template).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var site = template.OfType("Microsoft.Web/sites").Single().Resource;
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;

        var required = AppSettingsTheAppReads.All();
        var missing = AppSettingsTheAppReads.MissingFrom(settings).Where(name => name != "FUNCTIONS_WORKER_RUNTIME");

        Assert.Empty(missing);
        Assert.Contains(required, aliases => aliases is ["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Contains(required, aliases => aliases.Contains("ARM_TENANT_ID"));
        Assert.True(required.Count >= 45, $"only {required.Count} settings found in the sample and the README");
        // Flex Consumption takes the worker runtime from functionAppConfig, not from FUNCTIONS_WORKER_RUNTIME.
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("ServiceBusConnection")]
    public async Task AppSettings_FlexRejectedOrKeyBasedSetting_IsNotSet(string name)
    {
        var settings = AppSettings(await MainAsync());

        Assert.False(settings.ContainsKey(name), $"{name} must not be set: Flex Consumption rejects it, or it would carry a key");
    }

    [Fact]
    public async Task AppSettings_StorageAndServiceBus_UseTheManagedIdentity()
    {
        var template = await MainAsync();
        var settings = AppSettings(template);

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]!.GetValue<string>());
        Assert.Equal("managedidentity", settings["ServiceBusConnection__credential"]!.GetValue<string>());
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]!.GetValue<string>());
        Assert.Equal("[parameters('identityClientId')]", settings["ServiceBusConnection__clientId"]!.GetValue<string>());
        Assert.False(template.OfType("Microsoft.Storage/storageAccounts").Single().Resource["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.True(template.OfType("Microsoft.ServiceBus/namespaces").Single().Resource["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("UserAssignedIdentity", template.OfType("Microsoft.Web/sites").Single().Resource["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tokenReference", "databricksToken")]
    [InlineData("clientSecretReference", "databricksClientSecret")]
    [InlineData("azureClientSecretReference", "azureClientSecret")]
    public async Task Databricks_Secret_IsAKeyVaultReferenceOrEmpty(string setting, string secureParameter)
    {
        var template = await MainAsync();
        var value = template.Module("functionapp")["properties"]!["parameters"]!["databricks"]!["value"]![setting]!.GetValue<string>();
        var parameter = template.Root["parameters"]![secureParameter]!;

        Assert.Equal("securestring", parameter["type"]!.GetValue<string>());
        Assert.StartsWith($"[if(empty(parameters('{secureParameter}')), '', format('@Microsoft.KeyVault(VaultName={{0}};SecretName={{1}})'", value, StringComparison.Ordinal);
        Assert.DoesNotContain(template.OfType("Microsoft.Web/sites/config"), r => r.Resource.ToJsonString().Contains($"parameters('{secureParameter}')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Databricks_ManagedIdentity_IsTheDefaultAuthWithTheWorkspaceResourceId()
    {
        var template = await MainAsync();
        var databricks = template.Module("functionapp")["properties"]!["parameters"]!["databricks"]!["value"]!;

        Assert.Equal("azure-msi", template.Root["parameters"]!["databricksAuthType"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[parameters('databricksWorkspaceResourceId')]", databricks["azureResourceId"]!.GetValue<string>());
        Assert.Matches(@"^\[if\(equals\(parameters\('databricksAuthType'\), 'azure-msi'\), reference\(resourceId\('Microsoft.Resources/deployments', 'identity'\).*\.outputs\.clientId\.value, parameters\('azureClientId'\)\)\]$", databricks["azureClientId"]!.GetValue<string>());
        Assert.Contains("'azure-msi'), 'true', 'false'", databricks["useMsi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("workspaceUrl", databricks["host"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleAssignments_GrantExactlyTheBuiltInRolesTheAppNeeds()
    {
        var template = await MainAsync();
        var assignments = template.OfType("Microsoft.Authorization/roleAssignments").ToList();

        var granted = assignments.Select(a => RoleName().Match(a.Resource["properties"]!["roleDefinitionId"]!.GetValue<string>()).Groups[1].Value).ToList();
        var ids = assignments.Select(a => a.Template["variables"]!["builtInRoles"]!.AsObject())
            .SelectMany(roles => roles.Select(p => (p.Key, Id: p.Value!.GetValue<string>())))
            .Distinct()
            .ToDictionary(p => p.Key, p => p.Id, StringComparer.Ordinal);

        Assert.Equal(ExpectedRoles.Keys.Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
        Assert.Equal(ExpectedRoles, ids);
        Assert.All(assignments, a => Assert.Equal("[parameters('principalId')]", a.Resource["properties"]!["principalId"]!.GetValue<string>()));
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a.Resource["properties"]!["principalType"]!.GetValue<string>()));
        // Durable's queues and tables only when the Azure Storage backend holds the task hub.
        Assert.All(
            assignments.Where(a => a.Resource["properties"]!["roleDefinitionId"]!.GetValue<string>().Contains("storageQueue", StringComparison.Ordinal)
                || a.Resource["properties"]!["roleDefinitionId"]!.GetValue<string>().Contains("storageTable", StringComparison.Ordinal)),
            a => Assert.Equal("[parameters('durableUsesStorage')]", a.Resource["condition"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ServiceBus_RequestQueues_DeadLetterAndDetectDuplicatesLongerThanAllDeliveries()
    {
        var template = await MainAsync();
        var parameters = template.Root["parameters"]!;
        using var host = JsonDocument.Parse(RepositoryRoot.ReadAllText("host.json"));
        var functionTimeout = TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var queue = template.OfType("Microsoft.ServiceBus/namespaces/queues").Single().Resource;
        var queues = template.Root["variables"]!["requestQueues"]!.AsArray().Select(q => q!.GetValue<string>());

        foreach (var file in new[] { "infra/main.dev.bicepparam", "infra/main.prod.bicepparam" })
        {
            var values = await BicepCli.BuildParamsAsync(file);
            string Value(string name) => values[name]?["value"]?.ToString() ?? parameters[name]!["defaultValue"]!.ToString();
            var maxDeliveryCount = int.Parse(Value("serviceBusMaxDeliveryCount"), System.Globalization.CultureInfo.InvariantCulture);
            var lockDuration = XmlConvert.ToTimeSpan(Value("serviceBusLockDuration"));
            var window = XmlConvert.ToTimeSpan(Value("serviceBusDuplicateDetectionWindow"));

            Assert.True(lockDuration <= TimeSpan.FromMinutes(5), $"{file}: Service Bus locks last at most 5 minutes");
            Assert.True(window > maxDeliveryCount * TimeSpan.FromTicks(Math.Max(lockDuration.Ticks, functionTimeout.Ticks)), $"{file}: the duplicate window {window} must outlast {maxDeliveryCount} deliveries");
            Assert.True(window <= TimeSpan.FromDays(7), $"{file}: Service Bus allows a duplicate window of at most 7 days");
        }

        Assert.Equal(["merge-requests", "sql-requests", "job-requests"], queues);
        Assert.True(queue["properties"]!["deadLetteringOnMessageExpiration"]!.GetValue<bool>());
        Assert.True(queue["properties"]!["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.Equal("[parameters('maxDeliveryCount')]", queue["properties"]!["maxDeliveryCount"]!.GetValue<string>());
        Assert.Equal("[parameters('lockDuration')]", queue["properties"]!["lockDuration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Durable_TaskHubAndBackend_FollowHostJsonAndTheParameter()
    {
        var template = await MainAsync();
        var settings = AppSettings(template);
        using var host = JsonDocument.Parse(RepositoryRoot.ReadAllText("host.json"));
        var hubName = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString();
        var backend = template.Root["parameters"]!["durableBackend"]!;

        Assert.Equal(hubName, template.Root["parameters"]!["durableTaskHubName"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(["AzureStorage", "DurableTaskScheduler"], backend["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("'azureManaged'", settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Authentication=ManagedIdentity;ClientID=", settings["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[variables('useScheduler')]", template.Module("durabletaskscheduler")["condition"]!.GetValue<string>());
        Assert.Equal("[equals(parameters('durableBackend'), 'DurableTaskScheduler')]", template.Root["variables"]!["useScheduler"]!.GetValue<string>());
        Assert.Single(template.OfType("Microsoft.DurableTask/schedulers/taskHubs"));
    }

    [Theory]
    [InlineData("infra/main.dev.bicepparam", "dev")]
    [InlineData("infra/main.prod.bicepparam", "prod")]
    public async Task ParameterFile_Compiles_ForItsEnvironment(string file, string environment)
    {
        var template = await MainAsync();

        var values = await BicepCli.BuildParamsAsync(file);

        Assert.Equal(environment, values["environmentName"]!["value"]!.GetValue<string>());
        var required = template.Root["parameters"]!.AsObject().Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(values.ContainsKey(name), $"{file} does not set the required parameter {name}"));
        Assert.Matches(WorkspaceId(), values["databricksWorkspaceResourceId"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeployWorkflow_ReadsOnlyOutputsTheTemplateHas()
    {
        var template = await MainAsync();
        var workflow = RepositoryRoot.ReadAllText(".github/workflows/deploy.yml");

        var read = OutputReference().Matches(workflow).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.True(template.Root["outputs"]!.AsObject().ContainsKey(name), $"deploy.yml reads output {name} the template does not have"));
        Assert.Contains("functionAppName", read);
    }

    [GeneratedRegex(@"variables\('builtInRoles'\)\.(\w+)")]
    private static partial Regex RoleName();

    [GeneratedRegex("^/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/Microsoft.Databricks/workspaces/[^/]+$")]
    private static partial Regex WorkspaceId();

    [GeneratedRegex(@"properties\.outputs\.(\w+)\.value")]
    private static partial Regex OutputReference();
}

using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Configuration;
using DeltaFunctions.TestUtilities.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Databricks.Tests.Configuration;

public sealed class DatabricksConfigurationTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static DatabricksClientOptions Bind(params (string Key, string? Value)[] values)
    {
        var options = new DatabricksClientOptions();
        DatabricksConfiguration.Bind(Config(values), options);
        return options;
    }

    private static async Task<OptionsValidationException> StartFailsAsync(params (string Key, string? Value)[] values)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDatabricks(Config(values));
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Bind_EnvironmentVariables_FillEveryOption()
    {
        var sut = Bind(
            ("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"),
            ("DATABRICKS_TOKEN", "dapi-t"),
            ("DATABRICKS_CLIENT_ID", "cid"),
            ("DATABRICKS_CLIENT_SECRET", "csecret"),
            ("AZURE_TENANT_ID", "tenant"),
            ("AZURE_CLIENT_ID", "aid"),
            ("AZURE_CLIENT_SECRET", "asecret"),
            ("DATABRICKS_AZURE_RESOURCE_ID", "/subscriptions/s"),
            ("DATABRICKS_WAREHOUSE_ID", "wh"),
            ("DATABRICKS_CATALOG", "cat"),
            ("DATABRICKS_SCHEMA", "sch"),
            ("DATABRICKS_TIMEOUT_SECS", "45"),
            ("DATABRICKS_RATE_LIMIT", "15"),
            ("DATABRICKS_MAX_RETRIES", "5"),
            ("DATABRICKS_AUTH_TYPE", "pat"),
            ("ARM_USE_MSI", "true"));

        Assert.Equal("https://adb-1.2.azuredatabricks.net", sut.Host);
        Assert.Equal("dapi-t", sut.Token);
        Assert.Equal(("cid", "csecret"), (sut.ClientId, sut.ClientSecret));
        Assert.Equal(("tenant", "aid", "asecret"), (sut.AzureTenantId, sut.AzureClientId, sut.AzureClientSecret));
        Assert.Equal("/subscriptions/s", sut.AzureResourceId);
        Assert.Equal(("wh", "cat", "sch"), (sut.WarehouseId, sut.Catalog, sut.Schema));
        Assert.Equal((45, 15, 5), (sut.TimeoutSeconds, sut.RateLimit, sut.MaxRetries));
        Assert.Equal("pat", sut.AuthType);
        Assert.True(sut.AzureUseMsi);
    }

    [Fact]
    public void Bind_ArmAliases_FillAzureValues()
    {
        var sut = Bind(("ARM_TENANT_ID", "t"), ("ARM_CLIENT_ID", "c"), ("ARM_CLIENT_SECRET", "s"));

        Assert.Equal(("t", "c", "s"), (sut.AzureTenantId, sut.AzureClientId, sut.AzureClientSecret));
    }

    [Fact]
    public void Bind_Nothing_KeepsDocumentedDefaults()
    {
        var sut = Bind();

        // No session catalog or schema unless configured: the workspace's own default applies (it need not be main).
        Assert.Equal((null, null), (sut.Catalog, sut.Schema));
        Assert.Equal((30, 100, 3), (sut.TimeoutSeconds, sut.RateLimit, sut.MaxRetries));
        Assert.Null(sut.AuthType);
    }

    [Fact]
    public void Bind_SectionAndEnvironment_SectionWins()
    {
        var sut = Bind(("DATABRICKS_HOST", "https://env.example"), ("Databricks:Host", "https://section.example"), ("DATABRICKS_RATE_LIMIT", "7"), ("Databricks:RateLimit", "9"));

        Assert.Equal("https://section.example", sut.Host);
        Assert.Equal(9, sut.RateLimit);
    }

    [Theory]
    [InlineData("adb-1.2.azuredatabricks.net", "https://adb-1.2.azuredatabricks.net/")]
    [InlineData("https://adb-1.2.azuredatabricks.net/", "https://adb-1.2.azuredatabricks.net/")]
    [InlineData("https://adb-1.2.azuredatabricks.net/?o=123#x", "https://adb-1.2.azuredatabricks.net/")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    public void DatabricksHost_Parse_Normalises(string input, string expected)
    {
        Assert.Equal(new Uri(expected), DatabricksHost.Parse(input));
    }

    [Fact]
    public async Task AddDatabricks_MissingHost_FailsAtStartNamingKey()
    {
        var error = await StartFailsAsync(("DATABRICKS_TOKEN", "dapi-t"));

        Assert.Contains(error.Failures, f => f.Contains("DATABRICKS_HOST", StringComparison.Ordinal) && f.Contains("Databricks:Host", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddDatabricks_NoAuthentication_FailsAtStartNamingKeys()
    {
        var error = await StartFailsAsync(("DATABRICKS_HOST", "https://h.example"));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("DATABRICKS_TOKEN", failure, StringComparison.Ordinal);
        Assert.Contains("DATABRICKS_CLIENT_ID", failure, StringComparison.Ordinal);
        Assert.Contains("ARM_CLIENT_SECRET", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATABRICKS_RATE_LIMIT", "0", "Databricks:RateLimit (DATABRICKS_RATE_LIMIT) must be between 1 and 100000")]
    [InlineData("DATABRICKS_TIMEOUT_SECS", "0", "Databricks:TimeoutSeconds (DATABRICKS_TIMEOUT_SECS) must be between 1 and 3600")]
    [InlineData("DATABRICKS_MAX_RETRIES", "99", "Databricks:MaxRetries (DATABRICKS_MAX_RETRIES) must be between 0 and 20")]
    [InlineData("DATABRICKS_MAX_RETRIES", "many", "DATABRICKS_MAX_RETRIES 'many' is not a whole number")]
    [InlineData("ARM_USE_MSI", "perhaps", "ARM_USE_MSI 'perhaps' is not true or false")]
    [InlineData("DATABRICKS_DRY_RUN", "yes", "DATABRICKS_DRY_RUN 'yes' is not true or false")]
    [InlineData("DATABRICKS_HOST", "ftp://h", "Databricks:Host (DATABRICKS_HOST) 'ftp://h' is not a workspace URL")]
    [InlineData("Databricks:Catalog", "", "Databricks:Catalog (DATABRICKS_CATALOG) must not be empty")]
    [InlineData("Databricks:Catalog", "   ", "Databricks:Catalog (DATABRICKS_CATALOG) must not be empty")]
    [InlineData("Databricks:Schema", " ", "Databricks:Schema (DATABRICKS_SCHEMA) must not be empty")]
    [InlineData("Databricks:Schema", "\t\u00A0\u2028\u3000", "Databricks:Schema (DATABRICKS_SCHEMA) must not be empty")]
    [InlineData("Databricks:RetryBaseDelay", "00:02:00", "Databricks:RetryBaseDelay must be between 00:00:00 and 00:01:00.")]
    [InlineData("Databricks:RetryAfterMax", "00:00:00.5", "Databricks:RetryAfterMax must be between 00:00:01 and 01:00:00.")]
    [InlineData("Databricks:CircuitBreakerBreakDuration", "00:00:00.1", "Databricks:CircuitBreakerBreakDuration must be between 00:00:00.5000000 and 01:00:00.")]
    public async Task AddDatabricks_BadValue_FailsAtStartNamingKey(string key, string value, string expected)
    {
        var values = new Dictionary<string, string?> { ["DATABRICKS_HOST"] = "https://h.example", ["DATABRICKS_TOKEN"] = "dapi-t", [key] = value };

        var error = await StartFailsAsync([.. values.Select(kv => (kv.Key, kv.Value))]);

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("oauth-m2m", "Databricks:ClientId (DATABRICKS_CLIENT_ID) and Databricks:ClientSecret (DATABRICKS_CLIENT_SECRET) are not set")]
    [InlineData("azure-client-secret", "Databricks:AzureTenantId (AZURE_TENANT_ID or ARM_TENANT_ID)")]
    [InlineData("basic", "is 'basic', which is not one of: pat, oauth-m2m, azure-msi, azure-client-secret")]
    public async Task AddDatabricks_ForcedAuthTypeWithoutItsValues_FailsNamingKeys(string authType, string expected)
    {
        var error = await StartFailsAsync(("DATABRICKS_HOST", "https://h.example"), ("DATABRICKS_TOKEN", "dapi-t"), ("DATABRICKS_AUTH_TYPE", authType));

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    public static TheoryData<string[], string> DetectionCases => new()
    {
        { ["DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "ARM_USE_MSI"], "pat" },
        { ["DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "ARM_USE_MSI", "ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"], "oauth-m2m" },
        { ["ARM_USE_MSI", "ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"], "azure-msi" },
        { ["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"], "azure-client-secret" },
        { ["DATABRICKS_CLIENT_ID"], "none" },
    };

    [Theory]
    [MemberData(nameof(DetectionCases))]
    public void FromOptions_DetectsInOfficialSdkOrder(string[] present, string expected)
    {
        var options = Bind([.. present.Select(k => (k, (string?)(k == "ARM_USE_MSI" ? "true" : "value")))]);

        var detected = DatabricksCredential.ResolveAuthType(options) ?? "none";

        Assert.Equal(expected, detected);
    }

    [Fact]
    public void FromOptions_AuthTypeForcesMethodOverDetection()
    {
        var options = Bind(("DATABRICKS_TOKEN", "dapi-t"), ("ARM_TENANT_ID", "t"), ("ARM_CLIENT_ID", "c"), ("ARM_CLIENT_SECRET", "s"), ("DATABRICKS_AUTH_TYPE", "AZURE-CLIENT-SECRET"));

        var sut = DatabricksCredential.FromOptions(options);

        Assert.Equal("azure-client-secret", sut.AuthType);
    }

    [Fact]
    public void FromOptions_CallerTokenCredential_WinsOverEverything()
    {
        var options = Bind(("DATABRICKS_TOKEN", "dapi-t"));
        options.TokenCredential = new Azure.Identity.ClientSecretCredential("t", "c", "s");

        var sut = DatabricksCredential.FromOptions(options);

        Assert.Equal("token-credential", sut.AuthType);
    }

    [Fact]
    public void FromOptions_NothingConfigured_ThrowsNamingKeys()
    {
        var error = Assert.Throws<ArgumentException>(() => DatabricksCredential.FromOptions(new DatabricksClientOptions()));

        Assert.Contains("DATABRICKS_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OptionOutOfRange_ThrowsNamingKey()
    {
        var options = new DatabricksClientOptions { RateLimit = 0 };

        var error = Assert.Throws<ArgumentException>(() => new DatabricksClient(new Uri("https://h.example"), DatabricksCredential.FromPersonalAccessToken("dapi-t"), options));

        Assert.Contains("DATABRICKS_RATE_LIMIT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FromOptionsWithoutHost_ThrowsNamingKey()
    {
        var error = Assert.Throws<ArgumentException>(() => new DatabricksClient(new DatabricksClientOptions { Token = "dapi-t" }));

        Assert.Contains("DATABRICKS_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_OptionsAndCredentials_NeverShowSecrets()
    {
        var options = new DatabricksClientOptions { Host = "h", Token = "dapi-visible-no", ClientSecret = "cs-visible-no", AzureClientSecret = "az-visible-no" };

        var texts = new[]
        {
            options.ToString(),
            DatabricksCredential.FromPersonalAccessToken("dapi-visible-no").ToString(),
            DatabricksCredential.FromOAuthClientCredentials("id", "cs-visible-no").ToString(),
            DatabricksCredential.FromAzureServicePrincipal("t", "id", "az-visible-no").ToString(),
        };

        Assert.All(texts, t => Assert.DoesNotContain("visible-no", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddDatabricks_ValidConfiguration_ResolvesWorkingClientOnContainerServices()
    {
        await using var server = await ScriptedHttpServer.StartAsync(TestContext.Current.CancellationToken);
        server.Enqueue(ScriptedResponse.Json(200, """{"warehouses":[{"id":"w1","state":"STOPPED"}]}"""));
        var time = new FakeTimeProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDatabricks(
            Config(("DATABRICKS_HOST", server.BaseAddress.ToString()), ("DATABRICKS_TOKEN", "dapi-di-token"), ("Databricks:MaxRetries", "1")),
            o => o.WarehouseId = "configured-in-code");
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var sut = host.Services.GetRequiredService<DatabricksClient>();
        var warehouses = await sut.GetWarehousesClient().ListWarehousesAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Same(sut, host.Services.GetRequiredService<DatabricksClient>());
        Assert.Equal("pat", sut.AuthType);
        Assert.Same(time, sut.TimeProvider);
        Assert.Equal("configured-in-code", sut.Options.WarehouseId);
        Assert.Equal(1, sut.Options.MaxRetries);
        Assert.Equal("w1", Assert.Single(warehouses).Id);
        Assert.Equal("Bearer dapi-di-token", Assert.Single(server.Requests).Header("Authorization"));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddDatabricks_NoWarehouseWithoutRequirement_StartsForJobsOnlyUse()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDatabricks(Config(("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-t")));
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Null(host.Services.GetRequiredService<DatabricksClient>().Options.WarehouseId);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public async Task RequireDatabricksWarehouse_MissingOrBlank_StartFailsNamingTheKey(string? warehouse)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .RequireDatabricksWarehouse()
            .AddDatabricks(Config(("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-t"), ("DATABRICKS_WAREHOUSE_ID", warehouse)));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Databricks:WarehouseId (DATABRICKS_WAREHOUSE_ID) is not set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi-t", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATABRICKS_WAREHOUSE_ID")]
    [InlineData("Databricks:WarehouseId")]
    public async Task RequireDatabricksWarehouse_SetByEitherKey_StartsWithThatWarehouse(string key)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .AddDatabricks(Config(("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-t"), (key, "abc123")))
            .RequireDatabricksWarehouse()
            .RequireDatabricksWarehouse();
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal("abc123", host.Services.GetRequiredService<DatabricksClient>().Options.WarehouseId);
        Assert.Single(host.Services.GetServices<IValidateOptions<DatabricksClientOptions>>(), v => v.GetType().Name == "DatabricksWarehouseRequirement");
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}

using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Pipelines.Tests.Hosting;

public sealed class PipelinesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPipelines_WithDatabricks_ResolvesHandlersAndActivitiesWithBoundOptions()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = Config(
            ("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"),
            ("DATABRICKS_TOKEN", "dapi-test"),
            ("DATABRICKS_WAREHOUSE_ID", "wh1"),
            ("Pipelines:Handlers:InlineRowLimit", "25"),
            ("Pipelines:Handlers:DefaultRetryAfter", "00:00:12"));
        builder.Services.AddDatabricks(configuration).AddPipelines(configuration);

        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<MergeRequestHandler>());
        Assert.NotNull(host.Services.GetRequiredService<SqlRequestHandler>());
        Assert.NotNull(host.Services.GetRequiredService<IJobRunActivities>());
        Assert.NotNull(host.Services.GetRequiredService<IStatementActivities>());
        var options = host.Services.GetRequiredService<IOptions<RequestHandlerOptions>>().Value;
        Assert.Equal(25, options.InlineRowLimit);
        Assert.Equal(TimeSpan.FromSeconds(12), options.DefaultRetryAfter);
    }

    [Fact]
    public async Task AddPipelines_OptionOutOfRange_StartFailsNamingIt()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = Config(
            ("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"),
            ("DATABRICKS_TOKEN", "dapi-test"),
            ("DATABRICKS_WAREHOUSE_ID", "wh1"),
            ("Pipelines:Handlers:MaxConflictRetries", "99"));
        builder.Services.AddDatabricks(configuration).AddPipelines(configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxConflictRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPipelines_NoWarehouse_StartFailsNamingTheKey()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = Config(("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-test"));
        builder.Services.AddDatabricks(configuration).AddPipelines(configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("DATABRICKS_WAREHOUSE_ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPipelines_WarehouseFromEnvironmentKey_Starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = Config(
            ("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-test"), ("DATABRICKS_WAREHOUSE_ID", "wh1"));
        builder.Services.AddDatabricks(configuration).AddPipelines(configuration);
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal("wh1", host.Services.GetRequiredService<IOptions<DeltaFunctions.Databricks.DatabricksClientOptions>>().Value.WarehouseId);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}

using System.Diagnostics.Metrics;
using DeltaFunctions.App.Hosting;
using DeltaFunctions.Databricks.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace DeltaFunctions.App.Tests.Hosting;

public sealed class MetricsExportTests
{
    [Fact]
    public void AddDatabricksMetricsExport_WithConnectionString_ListensToTheClientMeter()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            [MetricsExport.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        Assert.NotNull(provider.GetService<MeterProvider>());
        var meter = provider.GetRequiredService<IMeterFactory>().Create(DatabricksInstrumentation.Name);
        Assert.True(IsListenedTo(meter), "the client's meter has no listener: nothing would reach customMetrics");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AddDatabricksMetricsExport_WithoutConnectionString_ExportsNothing(string? connectionString)
    {
        using var provider = Build(new Dictionary<string, string?> { [MetricsExport.ConnectionStringSetting] = connectionString });

        Assert.Null(provider.GetService<MeterProvider>());
        Assert.False(IsListenedTo(provider.GetRequiredService<IMeterFactory>().Create(DatabricksInstrumentation.Name)));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddMetrics();
        services.AddDatabricksMetricsExport(configuration);
        return services.BuildServiceProvider();
    }

    private static bool IsListenedTo(Meter meter)
    {
        var probe = meter.CreateCounter<long>("deltafunctions.test.probe");
        return probe.Enabled;
    }
}

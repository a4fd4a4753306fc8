using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Tests.Jobs;

public sealed class ClusterSpecTests
{
    private static JsonNode ToJson(ClusterSpec spec) => JsonNode.Parse(JsonSerializer.Serialize(spec, JobsJsonContext.Default.ClusterSpec))!;

    [Fact]
    public void Fixed_Serializes_NumWorkersWithoutAutoscale()
    {
        var sut = ClusterSpec.Fixed("15.4.x-scala2.12", "Standard_D4ds_v5", 3);

        var json = ToJson(sut);

        Assert.Equal("15.4.x-scala2.12", (string?)json["spark_version"]);
        Assert.Equal("Standard_D4ds_v5", (string?)json["node_type_id"]);
        Assert.Equal(3, (int?)json["num_workers"]);
        Assert.Null(json["autoscale"]);
    }

    [Fact]
    public void Autoscaling_Serializes_RangeWithoutNumWorkers()
    {
        var sut = ClusterSpec.Autoscaling("15.4.x-scala2.12", "Standard_E8ds_v5", 1, 6);

        var json = ToJson(sut);

        Assert.Equal(1, (int?)json["autoscale"]!["min_workers"]);
        Assert.Equal(6, (int?)json["autoscale"]!["max_workers"]);
        Assert.Null(json["num_workers"]);
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(4, 4)]
    [InlineData(-1, 3)]
    public void Autoscaling_InvalidRange_Throws(int min, int max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterSpec.Autoscaling("v", "n", min, max));
    }

    [Fact]
    public void Validate_HandBuiltInvalidRange_ThrowsNamingMaxWorkers()
    {
        var sut = new ClusterSpec { SparkVersion = "v", NodeTypeId = "n", Autoscale = new AutoScale { MinWorkers = 8, MaxWorkers = 2 } };

        var error = Assert.Throws<ArgumentException>(() => sut.Validate());

        Assert.Contains("max_workers (2) must be greater than min_workers (8)", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<ClusterSpec, string> InvalidSpecs() => new()
    {
        { new ClusterSpec { NodeTypeId = "n", NumWorkers = 1 }, "spark_version" },
        { new ClusterSpec { SparkVersion = "v", NumWorkers = 1 }, "node_type_id" },
        { new ClusterSpec { SparkVersion = "v", NodeTypeId = "n" }, "num_workers or autoscale" },
        { new ClusterSpec { SparkVersion = "v", NodeTypeId = "n", NumWorkers = 2, Autoscale = new AutoScale { MinWorkers = 1, MaxWorkers = 3 } }, "both" },
        { new ClusterSpec { SparkVersion = "v", NodeTypeId = "n", NumWorkers = -1 }, "0 or more" },
        { new ClusterSpec { SparkVersion = "v", NodeTypeId = "n", NumWorkers = 1, AzureAttributes = new AzureAttributes { FirstOnDemand = -1 } }, "first_on_demand" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Validate_InvalidSpec_ThrowsNamingField(ClusterSpec sut, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => sut.Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InstancePoolWithoutNodeType_IsValid()
    {
        var sut = new ClusterSpec { SparkVersion = "v", InstancePoolId = "pool", NumWorkers = 1 };

        sut.Validate();

        Assert.Equal("pool", sut.InstancePoolId);
    }

    [Fact]
    public void Helpers_ReturnNewSpecsAndLeaveOriginalUnchanged()
    {
        var original = ClusterSpec.Fixed("v", "n", 1);

        var changed = original
            .WithSparkConf("spark.sql.shuffle.partitions", "64")
            .WithEnvironmentVariable("STAGE", "prod")
            .WithSecretEnvironmentVariable("API_KEY", "kv-scope", "api-key")
            .WithTag("team", "data")
            .WithDataSecurityMode(DataSecurityMode.SingleUser, "svc@example.com")
            .WithRuntimeEngine(RuntimeEngine.Photon)
            .WithDriverNodeType("Standard_E8ds_v5");
        var json = ToJson(changed);

        Assert.Null(original.SparkConf);
        Assert.Equal("64", (string?)json["spark_conf"]!["spark.sql.shuffle.partitions"]);
        Assert.Equal("prod", (string?)json["spark_env_vars"]!["STAGE"]);
        Assert.Equal("{{secrets/kv-scope/api-key}}", (string?)json["spark_env_vars"]!["API_KEY"]);
        Assert.Equal("data", (string?)json["custom_tags"]!["team"]);
        Assert.Equal("SINGLE_USER", (string?)json["data_security_mode"]);
        Assert.Equal("svc@example.com", (string?)json["single_user_name"]);
        Assert.Equal("PHOTON", (string?)json["runtime_engine"]);
        Assert.Equal("Standard_E8ds_v5", (string?)json["driver_node_type_id"]);
    }

    [Theory]
    [InlineData(true, "SPOT_WITH_FALLBACK_AZURE")]
    [InlineData(false, "SPOT_AZURE")]
    public void WithSpotInstances_SerializesAzureAttributes(bool fallback, string availability)
    {
        var sut = ClusterSpec.Fixed("v", "n", 4).WithSpotInstances(firstOnDemand: 2, fallbackToOnDemand: fallback);

        var json = ToJson(sut);

        Assert.Equal(availability, (string?)json["azure_attributes"]!["availability"]);
        Assert.Equal(2, (int?)json["azure_attributes"]!["first_on_demand"]);
        Assert.Equal(-1, (double?)json["azure_attributes"]!["spot_bid_max_price"]);
    }

    [Fact]
    public void WithOnDemandInstances_SerializesOnDemand()
    {
        var json = ToJson(ClusterSpec.Fixed("v", "n", 1).WithOnDemandInstances());

        Assert.Equal("ON_DEMAND_AZURE", (string?)json["azure_attributes"]!["availability"]);
    }

    [Fact]
    public void Helpers_InvalidInput_Throw()
    {
        var sut = ClusterSpec.Fixed("v", "n", 1);

        Assert.Throws<ArgumentException>(() => sut.WithEnvironmentVariable("1BAD", "x"));
        Assert.Throws<ArgumentException>(() => sut.WithEnvironmentVariable("BAD-NAME", "x"));
        Assert.Throws<ArgumentException>(() => sut.WithSecretEnvironmentVariable("OK", "scope}}", "k"));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithSpotInstances(firstOnDemand: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithSpotInstances(maxPrice: -3));
        Assert.Throws<ArgumentOutOfRangeException>(() => sut.WithWorkers(-1));
        Assert.ThrowsAny<ArgumentException>(() => ClusterSpec.Fixed("", "n", 1));
    }

    [Fact]
    public void WithWorkersAndWithAutoscale_SwitchSizingMode()
    {
        var autoscaling = ClusterSpec.Fixed("v", "n", 2).WithAutoscale(2, 10);
        var fixedSize = autoscaling.WithWorkers(5);

        autoscaling.Validate();
        fixedSize.Validate();

        Assert.Null(autoscaling.NumWorkers);
        Assert.Equal(10, autoscaling.Autoscale!.MaxWorkers);
        Assert.Null(fixedSize.Autoscale);
        Assert.Equal(5, fixedSize.NumWorkers);
    }

    [Fact]
    public void Presets_AreValidAzureClusters()
    {
        var small = ClusterPresets.Small("15.4.x-scala2.12");
        var memory = ClusterPresets.MemoryOptimized("15.4.x-scala2.12");
        var streaming = ClusterPresets.Streaming("15.4.x-scala2.12");

        small.Validate();
        memory.Validate();
        streaming.Validate();

        Assert.Equal(ClusterPresets.SmallNodeType, small.NodeTypeId);
        Assert.Equal(AzureAvailability.SpotWithFallbackAzure, small.AzureAttributes!.Availability);
        Assert.Equal(1, small.AzureAttributes.FirstOnDemand);
        Assert.Equal(ClusterPresets.MemoryOptimizedNodeType, memory.NodeTypeId);
        Assert.NotNull(memory.Autoscale);
        Assert.Equal(ClusterPresets.StreamingNodeType, streaming.NodeTypeId);
        Assert.Equal(AzureAvailability.OnDemandAzure, streaming.AzureAttributes!.Availability);
        Assert.Null(streaming.Autoscale);
        Assert.Contains("RocksDB", streaming.SparkConf!["spark.sql.streaming.stateStore.providerClass"], StringComparison.Ordinal);
    }
}

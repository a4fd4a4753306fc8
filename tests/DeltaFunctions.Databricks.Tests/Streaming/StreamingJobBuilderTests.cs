using System.Text.Json;
using System.Text.Json.Nodes;
using DeltaFunctions.Databricks.Jobs;
using DeltaFunctions.Databricks.Streaming;

namespace DeltaFunctions.Databricks.Tests.Streaming;

public sealed class StreamingJobBuilderTests
{
    private const string Checkpoint = "/Volumes/main/etl/state/orders_checkpoint";

    private static StreamingJobBuilder Valid() => new StreamingJobBuilder("orders")
        .FromDeltaTable("main.bronze.orders")
        .ToDeltaTable("main.silver.orders")
        .WithCheckpointLocation(Checkpoint)
        .WithTrigger(StreamingTrigger.AvailableNow)
        .RunOnSchedule("0 0/15 * * * ?");

    [Fact]
    public void GenerateProgram_DeltaToDelta_ReadsTableAndWritesWithCheckpoint()
    {
        var sut = Valid();

        var program = sut.GenerateProgram();

        Assert.Contains(".table(\"main.bronze.orders\")", program, StringComparison.Ordinal);
        Assert.Contains("CHECKPOINT_LOCATION = \"/Volumes/main/etl/state/orders_checkpoint\"", program, StringComparison.Ordinal);
        Assert.Contains(".trigger(availableNow=True)", program, StringComparison.Ordinal);
        Assert.Contains("query = writer.toTable(TARGET_TABLE)", program, StringComparison.Ordinal);
        Assert.DoesNotContain("dbutils", program, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateProgram_EventHubs_ReadsConnectionStringFromSecretOnly()
    {
        var sut = new StreamingJobBuilder("eh")
            .FromEventHubs("contoso-ns", "orders", new SecretReference("kv", "eh-connection"))
            .ToDeltaTable("main.bronze.events")
            .WithCheckpointLocation("abfss://state@acct.dfs.core.windows.net/eh")
            .WithTrigger(StreamingTrigger.ProcessingTime(TimeSpan.FromSeconds(30)))
            .RunContinuously();

        var program = sut.GenerateProgram();

        Assert.Contains("\"contoso-ns.servicebus.windows.net:9093\"", program, StringComparison.Ordinal);
        Assert.Contains("dbutils.secrets.get(scope=\"kv\", key=\"eh-connection\")", program, StringComparison.Ordinal);
        Assert.Contains("_jaas_quote(\"$ConnectionString\")", program, StringComparison.Ordinal);
        Assert.Contains("\"SASL_SSL\"", program, StringComparison.Ordinal);
        Assert.Contains("processingTime=\"30 seconds\"", program, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateProgram_Merge_QuotesKeysAndUsesForeachBatch()
    {
        var sut = Valid().MergeIntoDeltaTable("main.silver.orders", ["order id", "we`ird"], ["day"]);

        var program = sut.GenerateProgram();

        Assert.Contains("MERGE_CONDITION = \"t.`order id` <=> s.`order id` AND t.`we``ird` <=> s.`we``ird`\"", program, StringComparison.Ordinal);
        Assert.Contains("writer.foreachBatch(merge_batch).start()", program, StringComparison.Ordinal);
        Assert.Contains(".outputMode(\"update\")", program, StringComparison.Ordinal);
        Assert.Contains("PARTITION_COLUMNS = [\"day\"]", program, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Scheduled_CreatesSparkPythonJobWithSchedule()
    {
        var sut = Valid();

        var definition = sut.Build("/Volumes/main/etl/code/orders.py", ClusterPresets.Streaming("15.4.x-scala2.12"));
        var json = JsonNode.Parse(JsonSerializer.Serialize(definition.Settings, JobsJsonContext.Default.JobSettings))!;

        Assert.Equal(sut.GenerateProgram(), definition.Program);
        Assert.Equal("orders", (string?)json["name"]);
        Assert.Equal("/Volumes/main/etl/code/orders.py", (string?)json["tasks"]![0]!["spark_python_task"]!["python_file"]);
        Assert.Equal("Standard_D8ds_v5", (string?)json["tasks"]![0]!["new_cluster"]!["node_type_id"]);
        Assert.Equal("0 0/15 * * * ?", (string?)json["schedule"]!["quartz_cron_expression"]);
        Assert.Null(json["continuous"]);
        Assert.Equal(1, (int?)json["max_concurrent_runs"]);
    }

    [Fact]
    public void Build_Continuous_CreatesContinuousJobOnExistingCluster()
    {
        var sut = Valid().WithTrigger(StreamingTrigger.ProcessingTime(TimeSpan.FromMinutes(1))).RunContinuously();

        var definition = sut.Build("/Workspace/Shared/orders.py", "0101-abc");

        Assert.Equal(PauseStatus.Unpaused, definition.Settings.Continuous!.PauseStatus);
        Assert.Null(definition.Settings.Schedule);
        Assert.Equal("0101-abc", definition.Settings.Tasks![0].ExistingClusterId);
    }

    public static TheoryData<string, Func<StreamingJobBuilder>, Type, string> InvalidBuilders() => new()
    {
        { "no source", () => new StreamingJobBuilder("j").ToDeltaTable("t").WithCheckpointLocation(Checkpoint).RunContinuously(), typeof(InvalidOperationException), "no source" },
        { "no sink", () => new StreamingJobBuilder("j").FromDeltaTable("t").WithCheckpointLocation(Checkpoint).RunContinuously(), typeof(InvalidOperationException), "no sink" },
        { "no checkpoint", () => new StreamingJobBuilder("j").FromDeltaTable("t").ToDeltaTable("u").RunContinuously(), typeof(InvalidOperationException), "checkpoint" },
        { "no run mode", () => new StreamingJobBuilder("j").FromDeltaTable("t").ToDeltaTable("u").WithCheckpointLocation(Checkpoint), typeof(InvalidOperationException), "RunContinuously or RunOnSchedule" },
        { "schedule with endless trigger", () => Valid().WithTrigger(StreamingTrigger.ProcessingTime(TimeSpan.FromSeconds(10))), typeof(ArgumentException), "trigger that stops" },
        { "continuous trigger from delta", () => Valid().WithTrigger(StreamingTrigger.Continuous(TimeSpan.FromSeconds(1))).RunContinuously(), typeof(ArgumentException), "Kafka-compatible" },
        { "continuous trigger with merge", () => new StreamingJobBuilder("j").FromKafka("b:9092", "t").MergeIntoDeltaTable("u", ["id"]).WithCheckpointLocation(Checkpoint).WithTrigger(StreamingTrigger.Continuous(TimeSpan.FromSeconds(1))).RunContinuously(), typeof(ArgumentException), "foreachBatch" },
        { "same checkpoint and schema location", () => new StreamingJobBuilder("j").FromAutoLoader("/Volumes/c/s/v/in", "json", Checkpoint).ToDeltaTable("u").WithCheckpointLocation(Checkpoint).RunContinuously(), typeof(ArgumentException), "must differ" },
    };

    [Theory]
    [MemberData(nameof(InvalidBuilders))]
    public void GenerateProgram_InvalidConfiguration_ThrowsSayingWhy(string scenario, Func<StreamingJobBuilder> arrange, Type exceptionType, string expected)
    {
        var sut = arrange();

        var error = Assert.Throws(exceptionType, () => sut.GenerateProgram());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(scenario);
    }

    [Theory]
    [InlineData("dbfs:/checkpoints/x")]
    [InlineData("/tmp/checkpoint")]
    [InlineData("/Volumes/main/only_schema")]
    [InlineData("abfss://")]
    [InlineData("s3:///no-bucket")]
    [InlineData("/Volumes/c/s/v/../../escape")]
    [InlineData("/Volumes/c/s/v/new\nline")]
    [InlineData("https://example.com/x")]
    public void WithCheckpointLocation_OutsideVolumeOrCloud_Throws(string location)
    {
        var sut = new StreamingJobBuilder("j");

        Assert.Throws<ArgumentException>(() => sut.WithCheckpointLocation(location));
    }

    [Theory]
    [InlineData("/Volumes/main/etl/state/cp")]
    [InlineData("abfss://c@acct.dfs.core.windows.net/cp")]
    [InlineData("s3://bucket/cp")]
    [InlineData("s3a://bucket/cp")]
    [InlineData("gs://bucket/cp")]
    public void WithCheckpointLocation_VolumeOrCloud_IsAccepted(string location)
    {
        var sut = Valid().WithCheckpointLocation(location);

        var program = sut.GenerateProgram();

        Assert.Contains(location, program, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.b.c.d")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("t; DROP")]
    [InlineData("`unclosed")]
    [InlineData("``")]
    [InlineData("a.")]
    public void ToDeltaTable_InvalidName_Throws(string name)
    {
        var sut = new StreamingJobBuilder("j");

        Assert.Throws<ArgumentException>(() => sut.ToDeltaTable(name));
    }

    [Theory]
    [InlineData("t")]
    [InlineData("main.silver.orders")]
    [InlineData("`my-catalog`.`we``ird schema`.t_1")]
    public void ToDeltaTable_ValidName_IsAccepted(string name)
    {
        var sut = Valid().ToDeltaTable(name);

        var program = sut.GenerateProgram();

        Assert.Contains("TARGET_TABLE = ", program, StringComparison.Ordinal);
    }

    [Fact]
    public void SourceAndSinkGuards_InvalidInput_Throw()
    {
        var sut = new StreamingJobBuilder("j");

        Assert.Throws<ArgumentException>(() => sut.ToDeltaTable("t", StreamingOutputMode.Update));
        Assert.Throws<ArgumentException>(() => sut.MergeIntoDeltaTable("t", []));
        Assert.Throws<ArgumentException>(() => sut.MergeIntoDeltaTable("t", ["id", "ID"]));
        Assert.Throws<ArgumentException>(() => sut.FromAutoLoader("/Volumes/c/s/v/in", "excel", "/Volumes/c/s/v/schema"));
        Assert.Throws<ArgumentException>(() => sut.FromAutoLoader("/tmp/in", "json", "/Volumes/c/s/v/schema"));
        Assert.Throws<ArgumentException>(() => sut.FromKafka("no-port", "t"));
        Assert.Throws<ArgumentException>(() => sut.FromKafka("b:9092", "bad topic"));
        Assert.Throws<ArgumentException>(() => sut.FromKafka("b:9092", "t", "yesterday"));
        Assert.Throws<ArgumentException>(() => sut.FromKafka("b:9092", "t", saslUser: new SecretReference("s", "u")));
        Assert.Throws<ArgumentException>(() => sut.FromEventHubs("x", "hub", new SecretReference("s", "k")));
        Assert.Throws<ArgumentException>(() => sut.WithTransform("SELECT 1", "bad view"));
        Assert.Throws<ArgumentException>(() => sut.WithSourceOption("kafka.sasl.jaas.config", "secret!"));
        Assert.Throws<ArgumentException>(() => sut.WithSourceOption("fs.azure.account.key.acct", "k"));
        Assert.Throws<ArgumentException>(() => new SecretReference("scope", "key with space"));
        Assert.Throws<ArgumentOutOfRangeException>(() => StreamingTrigger.ProcessingTime(TimeSpan.FromMilliseconds(10)));
        Assert.Throws<ArgumentException>(() => Valid().Build("relative.py", "c"));
        Assert.Throws<ArgumentException>(() => Valid().Build("/Workspace/x.txt", "c"));
    }

    [Fact]
    public async Task GenerateProgram_HostileValues_PythonReadsThemBackVerbatim()
    {
        const string transform = "SELECT \"\"\" ''' \\ \n -- 🚀 ünï\r\n FROM src WHERE x = '\"); import os #'";
        const string optionValue = "\"); __import__('os').system('rm -rf /') #\n";
        const string path = "/Volumes/c/s/v/in \"quoted\" ✓";
        var sut = new StreamingJobBuilder("j")
            .FromAutoLoader(path, "csv", "/Volumes/c/s/v/sch'ema")
            .WithSourceOption("header", optionValue)
            .WithTransform(transform, "src")
            .MergeIntoDeltaTable("`c`.`s`.`t\"x`", ["k\"ey"], ["p'art"])
            .WithCheckpointLocation("/Volumes/c/s/v/cp\\back")
            .WithQueryName("q\"n")
            .WithTrigger(StreamingTrigger.Once)
            .RunContinuously();
        var file = Path.Combine(Path.GetTempPath(), $"hostile_{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, sut.GenerateProgram(), TestContext.Current.CancellationToken);

        try
        {
            var constants = await PythonRunner.StringConstantsAsync(file, TestContext.Current.CancellationToken);

            Assert.Contains(transform, constants);
            Assert.Contains(optionValue, constants);
            Assert.Contains(path, constants);
            Assert.Contains("`c`.`s`.`t\"x`", constants);
            Assert.Contains("t.`k\"ey` <=> s.`k\"ey`", constants);
            Assert.Contains("p'art", constants);
            Assert.Contains("/Volumes/c/s/v/cp\\back", constants);
            Assert.Contains("q\"n", constants);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

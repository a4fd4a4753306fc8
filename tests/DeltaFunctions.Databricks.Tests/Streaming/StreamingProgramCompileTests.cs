using DeltaFunctions.Databricks.Streaming;

namespace DeltaFunctions.Databricks.Tests.Streaming;

public sealed class StreamingProgramCompileTests
{
    private static readonly string[] Sources = ["delta", "autoloader", "kafka", "kafka-sasl", "eventhubs"];
    private static readonly string[] Transforms = ["none", "sql"];
    private static readonly string[] Sinks = ["append", "append-partitioned", "complete", "merge", "merge-partitioned"];
    private static readonly string[] Triggers = ["processing", "available-now", "once", "continuous"];
    private static readonly string[] RunModes = ["continuous", "schedule"];

    private static StreamingJobBuilder Configure(string source, string transform, string sink, string trigger, string runMode)
    {
        var sut = new StreamingJobBuilder("combo");
        sut = source switch
        {
            "delta" => sut.FromDeltaTable("main.bronze.orders").WithSourceOption("maxFilesPerTrigger", "100"),
            "autoloader" => sut.FromAutoLoader("abfss://landing@acct.dfs.core.windows.net/orders", "json", "/Volumes/main/etl/state/schema")
                .WithSourceOption("cloudFiles.inferColumnTypes", "true"),
            "kafka" => sut.FromKafka("broker1:9092,broker2:9092", "orders", "earliest"),
            "kafka-sasl" => sut.FromKafka("broker:9093", "orders", saslUser: new SecretReference("kafka", "user"), saslPassword: new SecretReference("kafka", "password")),
            _ => sut.FromEventHubs("contoso-ns", "orders", new SecretReference("kv", "eh-conn")),
        };

        if (transform == "sql")
        {
            sut = sut.WithTransform("SELECT *, current_timestamp() AS ingested_at FROM source");
        }

        sut = sink switch
        {
            "append" => sut.ToDeltaTable("main.silver.orders"),
            "append-partitioned" => sut.ToDeltaTable("main.silver.orders", partitionBy: ["day", "region"]),
            "complete" => sut.ToDeltaTable("main.gold.order_counts", StreamingOutputMode.Complete),
            "merge" => sut.MergeIntoDeltaTable("main.silver.orders", ["order_id"]),
            _ => sut.MergeIntoDeltaTable("main.silver.orders", ["order_id", "line"], ["day"]),
        };

        sut = trigger switch
        {
            "processing" => sut.WithTrigger(StreamingTrigger.ProcessingTime(TimeSpan.FromSeconds(30))),
            "available-now" => sut.WithTrigger(StreamingTrigger.AvailableNow),
            "once" => sut.WithTrigger(StreamingTrigger.Once),
            _ => sut.WithTrigger(StreamingTrigger.Continuous(TimeSpan.FromSeconds(1))),
        };

        sut = sut.WithCheckpointLocation("/Volumes/main/etl/state/checkpoint").WithQueryName("combo_query");
        return runMode == "continuous" ? sut.RunContinuously() : sut.RunOnSchedule("0 0/5 * * * ?");
    }

    private static bool ShouldBeValid(string source, string sink, string trigger, string runMode)
    {
        var endless = trigger is "processing" or "continuous";
        if (runMode == "schedule" && endless)
        {
            return false;
        }

        return trigger != "continuous" || (source is "kafka" or "kafka-sasl" or "eventhubs" && !sink.StartsWith("merge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateProgram_EveryCombination_CompilesWithPythonOrIsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("streaming_programs_");
        var files = new List<string>();
        var refused = 0;
        try
        {
            foreach (var source in Sources)
            {
                foreach (var transform in Transforms)
                {
                    foreach (var sink in Sinks)
                    {
                        foreach (var trigger in Triggers)
                        {
                            foreach (var runMode in RunModes)
                            {
                                var sut = Configure(source, transform, sink, trigger, runMode);
                                var name = $"{source}_{transform}_{sink}_{trigger}_{runMode}".Replace('-', '_');
                                if (!ShouldBeValid(source, sink, trigger, runMode))
                                {
                                    Assert.Throws<ArgumentException>(() => sut.GenerateProgram());
                                    refused++;
                                    continue;
                                }

                                var file = Path.Combine(folder.FullName, name + ".py");
                                await File.WriteAllTextAsync(file, sut.GenerateProgram(), TestContext.Current.CancellationToken);
                                files.Add(file);
                            }
                        }
                    }
                }
            }

            var (exitCode, error) = await PythonRunner.CompileAsync(files, TestContext.Current.CancellationToken);

            Assert.True(exitCode == 0, error);
            Assert.Equal(Sources.Length * Transforms.Length * Sinks.Length * Triggers.Length * RunModes.Length, files.Count + refused);
            Assert.True(files.Count > 100, $"only {files.Count} valid combinations were compiled");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CompileAsync_BrokenProgram_Fails()
    {
        var file = Path.Combine(Path.GetTempPath(), $"broken_{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, "x = (\n", TestContext.Current.CancellationToken);

        try
        {
            var (exitCode, _) = await PythonRunner.CompileAsync([file], TestContext.Current.CancellationToken);

            Assert.NotEqual(0, exitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

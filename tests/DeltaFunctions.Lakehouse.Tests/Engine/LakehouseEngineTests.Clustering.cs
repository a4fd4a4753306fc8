using System.Text.Json.Nodes;

namespace DeltaFunctions.Lakehouse.Tests.Engine;

/// <summary>Liquid clustering: what CREATE/ALTER … CLUSTER BY write to the Delta log, and how OPTIMIZE treats clustered tables.</summary>
public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_CreateClusterBy_RecordsDomainMetadataAndWriterFeatures()
    {
        using var sut = new EngineScope();

        await sut.Sql("CREATE TABLE t (id BIGINT, city STRING, amt INT) CLUSTER BY (city, id)");

        var commit = LogActions(sut, "t", 0);
        var domain = Assert.Single(commit, a => a["domainMetadata"] is not null)["domainMetadata"]!;
        Assert.Equal("delta.clustering", (string?)domain["domain"]);
        Assert.False((bool)domain["removed"]!);
        Assert.Equal("""{"clusteringColumns":[["city"],["id"]]}""", (string?)domain["configuration"]);
        var protocol = Assert.Single(commit, a => a["protocol"] is not null)["protocol"]!;
        Assert.Equal(7, (int)protocol["minWriterVersion"]!);
        var writerFeatures = protocol["writerFeatures"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.Contains("clustering", writerFeatures);
        Assert.Contains("domainMetadata", writerFeatures);
        var detail = (await sut.Rows("DESCRIBE DETAIL t"))[0];
        Assert.Equal(["city", "id"], (IEnumerable<object?>)detail[8]!);
        Assert.Empty((IEnumerable<object?>)detail[7]!);
        var describe = await sut.Rows("DESCRIBE TABLE t");
        Assert.Contains(describe, r => (string?)r[0] == "# Clustering Information");
    }

    [Fact]
    public async Task ExecuteAsync_CreateClusterByAuto_SetsClusterByAutoPropertyWithNoColumnsYet()
    {
        using var sut = new EngineScope();

        await sut.Sql("CREATE TABLE t (id BIGINT, city STRING) CLUSTER BY AUTO");

        var detail = (await sut.Rows("DESCRIBE DETAIL t"))[0];
        Assert.Empty((IEnumerable<object?>)detail[8]!);
        Assert.Equal("true", ((IReadOnlyDictionary<object, object?>)detail[11]!)["clusterByAuto"]);
        Assert.Contains("clustering", (IEnumerable<object?>)detail[14]!);
    }

    [Fact]
    public async Task ExecuteAsync_CreateClusterByWithBadColumns_RefusedWithDeltaErrors()
    {
        using var sut = new EngineScope();

        var partitioned = await sut.Fails("CREATE TABLE t (id BIGINT, d DATE) PARTITIONED BY (d) CLUSTER BY (id)");
        var missing = await sut.Fails("CREATE TABLE t (id BIGINT) CLUSTER BY (nope)");
        var tooMany = await sut.Fails("CREATE TABLE t (a INT, b INT, c INT, d INT, e INT) CLUSTER BY (a, b, c, d, e)");

        Assert.Equal("DELTA_CLUSTER_BY_WITH_PARTITIONED_BY", partitioned.ErrorClass);
        Assert.Equal("DELTA_COLUMN_NOT_FOUND_IN_SCHEMA", missing.ErrorClass);
        Assert.Equal("DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS", tooMany.ErrorClass);
        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", (await sut.Fails("SELECT * FROM t")).ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_AlterClusterBy_ChangesColumnsAndNoneClearsThem()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (id BIGINT, city STRING)");
        await sut.Sql("INSERT INTO t VALUES (1, 'a')");
        await sut.Sql("CREATE TABLE p (id BIGINT, d STRING) PARTITIONED BY (d)");

        await sut.Sql("ALTER TABLE t CLUSTER BY (city)");
        var afterColumns = (await sut.Rows("DESCRIBE DETAIL t"))[0];
        await sut.Sql("ALTER TABLE t CLUSTER BY NONE");
        var afterNone = (await sut.Rows("DESCRIBE DETAIL t"))[0];
        var partitioned = await sut.Fails("ALTER TABLE p CLUSTER BY (id)");

        Assert.Equal(["city"], (IEnumerable<object?>)afterColumns[8]!);
        Assert.Contains("clustering", (IEnumerable<object?>)afterColumns[14]!);
        Assert.Empty((IEnumerable<object?>)afterNone[8]!);
        var none = Assert.Single(LogActions(sut, "t", 3), a => a["domainMetadata"] is not null)["domainMetadata"]!;
        Assert.Equal("""{"clusteringColumns":[]}""", (string?)none["configuration"]);
        Assert.Equal("DELTA_ALTER_TABLE_CLUSTER_BY_ON_PARTITIONED_TABLE_NOT_ALLOWED", partitioned.ErrorClass);
        Assert.Equal(["a"], (await sut.Rows("SELECT city FROM t")).Select(r => r[0]));
    }

    [Fact]
    public async Task ExecuteAsync_OptimizeClusteredTable_RewritesUnclusteredFilesSortedByKeyAndMarksProvider()
    {
        using var sut = new EngineScope(targetRowsPerFile: 256);
        await sut.Sql("CREATE TABLE t (x INT, y INT) CLUSTER BY (x)");
        for (var i = 0; i < 4; i++)
        {
            // Each insert spans the whole range of x, so every file overlaps every other.
            await sut.Sql($"INSERT INTO t SELECT CAST((id * 7919) % 1024 AS INT) AS x, 0 AS y FROM range({i * 256}, {(i + 1) * 256})");
        }

        var spreadBefore = await FileRangeSpreadAsync(sut);
        var result = await sut.Sql("OPTIMIZE t");
        var again = await sut.Sql("OPTIMIZE t");

        var spreadAfter = await FileRangeSpreadAsync(sut);
        Assert.True(spreadAfter < spreadBefore / 2, $"clustering should narrow per-file ranges of x: before {spreadBefore}, after {spreadAfter}");
        Assert.Equal(1024L, await sut.Scalar("SELECT count(*) FROM t"));
        var metrics = (IReadOnlyDictionary<string, object?>)result.Rows.Single()[1]!;
        Assert.Equal(4L, metrics["numFilesRemoved"]);
        Assert.Equal(4L, metrics["numFilesAdded"]);
        Assert.Equal(0L, ((IReadOnlyDictionary<string, object?>)again.Rows.Single()[1]!)["numFilesAdded"]);
        var optimize = LogActions(sut, "t", 5);
        var adds = optimize.Where(a => a["add"] is not null).Select(a => a["add"]!).ToList();
        Assert.Equal(4, adds.Count);
        Assert.All(adds, a => Assert.Equal("liquid", (string?)a["clusteringProvider"]));
        Assert.All(adds, a => Assert.False((bool)a["dataChange"]!));
        var parameters = Assert.Single(optimize, a => a["commitInfo"] is not null)["commitInfo"]!["operationParameters"]!;
        Assert.Equal("""["x"]""", (string?)parameters["clusterBy"]);
    }

    [Fact]
    public async Task ExecuteAsync_OptimizeFull_ReclustersFilesAlreadyClustered()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (x INT, y INT) CLUSTER BY (x)");
        await sut.Sql("INSERT INTO t VALUES (3, 1), (1, 2)");
        await sut.Sql("OPTIMIZE t");

        var incremental = await sut.Sql("OPTIMIZE t");
        var full = await sut.Sql("OPTIMIZE t FULL");

        Assert.Equal(0L, ((IReadOnlyDictionary<string, object?>)incremental.Rows.Single()[1]!)["numFilesRemoved"]);
        Assert.Equal(1L, ((IReadOnlyDictionary<string, object?>)full.Rows.Single()[1]!)["numFilesRemoved"]);
        Assert.Equal("true", (string?)Assert.Single(LogActions(sut, "t", 3), a => a["commitInfo"] is not null)["commitInfo"]!["operationParameters"]!["isFull"]);
    }

    [Fact]
    public async Task ExecuteAsync_OptimizeClusteredWithZOrderOrWhere_RefusedAsDatabricksDoes()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE TABLE t (x INT, y INT) CLUSTER BY (x)");
        await sut.Sql("CREATE TABLE plain (x INT)");

        var zorder = await sut.Fails("OPTIMIZE t ZORDER BY (y)");
        var where = await sut.Fails("OPTIMIZE t WHERE x = 1");
        var fullPlain = await sut.Fails("OPTIMIZE plain FULL");

        Assert.Equal(("DELTA_CLUSTERING_WITH_ZORDER_BY", "42613"), (zorder.ErrorClass, zorder.SqlState));
        Assert.Contains("Please remove ZORDER BY (y)", zorder.Message, StringComparison.Ordinal);
        Assert.Equal("DELTA_CLUSTERING_WITH_PARTITION_PREDICATE", where.ErrorClass);
        Assert.Equal("DELTA_OPTIMIZE_FULL_NOT_SUPPORTED", fullPlain.ErrorClass);
    }

    [Fact]
    public async Task ExecuteAsync_MergeStarExcept_KeepsTargetValueOnUpdateAndNullOnInsert()
    {
        using var sut = await MergeTargetAsync();

        var result = await sut.Sql("""
            MERGE INTO tgt AS t
            USING (SELECT * FROM VALUES (1, 11, 'new-one'), (9, 90, 'new-nine') AS v(id, amt, note)) AS s
            ON t.id = s.id
            WHEN MATCHED THEN UPDATE SET * EXCEPT (note)
            WHEN NOT MATCHED THEN INSERT * EXCEPT (amt)
            """);
        var unknown = await sut.Fails("MERGE INTO tgt t USING tgt s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * EXCEPT (nope)");

        Assert.Equal([2L, 1L, 0L, 1L], result.Rows.Single());
        Assert.Equal(
            [[1, 11, "one"], [9, null, "new-nine"]],
            (await sut.Rows("SELECT id, amt, note FROM tgt WHERE id IN (1, 9) ORDER BY id")).Select(r => r.ToArray()));
        Assert.Equal("DELTA_MERGE_UNRESOLVED_EXPRESSION", unknown.ErrorClass);
    }

    /// <summary>The actions of one commit of table <paramref name="table"/>, one JSON object per line.</summary>
    private static List<JsonNode> LogActions(EngineScope scope, string table, long version)
    {
        var file = Path.Combine(scope.DataDirectory, "main", "default", table, "_delta_log", $"{version:D20}.json");
        return File.Exists(file) ? [.. File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)] : [];
    }
}

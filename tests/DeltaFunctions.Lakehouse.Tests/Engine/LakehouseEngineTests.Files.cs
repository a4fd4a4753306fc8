namespace DeltaFunctions.Lakehouse.Tests.Engine;

public sealed partial class LakehouseEngineTests
{
    [Fact]
    public async Task ExecuteAsync_ReadFilesAndParquetPath_ReadStagedVolumeFilesAndMergeThem()
    {
        using var sut = new EngineScope();
        await sut.Sql("CREATE VOLUME main.default.staging");
        var folder = sut.Engine.ResolveVolumePath("/Volumes/main/default/staging/batch");
        Directory.CreateDirectory(folder);
        await sut.Sql("CREATE TABLE tmp AS SELECT id, 'n' || id AS name FROM range(3)");
        await File.WriteAllTextAsync(Path.Combine(folder, "a.json"), "{\"id\": 10, \"name\": \"j\"}\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "a.csv"), "id,name\n20,c\n", TestContext.Current.CancellationToken);
        var parquet = sut.Engine.ResolveVolumePath("/Volumes/main/default/staging/batch/p.parquet");
        var tmpLocation = sut.Engine.GetTable("main", "default", "tmp")!.StorageLocation;
        File.Copy(Directory.EnumerateFiles(tmpLocation, "*.parquet").Single(), parquet);
        await sut.Sql("CREATE TABLE target (id BIGINT, name STRING)");

        var json = await sut.Rows("SELECT id, name FROM read_files('/Volumes/main/default/staging/batch/a.json', format => 'json')");
        var csv = await sut.Rows("SELECT count(*) FROM read_files('/Volumes/main/default/staging/batch/a.csv', format => 'csv', header => true)");
        var merged = await sut.Sql("MERGE INTO target t USING parquet.`/Volumes/main/default/staging/batch/p.parquet` s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *");

        Assert.Equal([[10L, "j"]], json);
        Assert.Equal(1L, csv[0][0]);
        Assert.Equal(3L, merged.Rows.Single()[3]);
        Assert.Equal(3L, await sut.Scalar("SELECT count(*) FROM read_files('/Volumes/main/default/staging/batch', format => 'parquet')"));
    }

    [Fact]
    public async Task ExecuteAsync_ReadFilesOutsideVolumes_IsRefused()
    {
        using var sut = new EngineScope();

        var e = await sut.Fails("SELECT * FROM read_files('/etc/passwd', format => 'csv')");
        var escape = Assert.Throws<LakehouseException>(() => sut.Engine.ResolveVolumePath("/Volumes/main/default/nope/x"));

        Assert.Equal("INVALID_VOLUME_PATH", e.ErrorClass);
        Assert.Equal("VOLUME_NOT_FOUND", escape.ErrorClass);
    }
}

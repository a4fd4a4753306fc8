using System.Text;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Files;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Files;

public sealed class FilesClientTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadDownloadListDelete_RoundTrip()
    {
        var volume = await CreateVolumeAsync();
        var sut = lakehouse.Client.GetFilesClient();
        var path = volume + "/dir/hello world.txt";

        await sut.CreateDirectoryAsync(volume + "/dir", Ct);
        await sut.UploadAsync(path, Encoding.UTF8.GetBytes("hi"), cancellationToken: Ct);
        var bytes = await sut.DownloadAsync(path, Ct);
        var metadata = await sut.GetMetadataAsync(path, Ct);
        var listing = await sut.ListDirectoryAsync(volume + "/dir", cancellationToken: Ct).ToListAsync(Ct);
        await sut.DeleteAsync(path, Ct);
        var gone = await Assert.ThrowsAsync<DatabricksException>(() => sut.GetMetadataAsync(path, Ct));

        Assert.Equal("hi", Encoding.UTF8.GetString(bytes));
        Assert.Equal(2, metadata.ContentLength);
        Assert.Equal("hello world.txt", Assert.Single(listing).Name);
        Assert.True(gone.IsNotFound);
    }

    [Fact]
    public void Route_DotDotSegment_Throws()
    {
        var act = () => FilesClient.Route("files", "/Volumes/main/default/v/../x");

        Assert.Throws<ArgumentException>(act);
    }

    [Fact]
    public async Task WriteTableAsync_BatchOverThreshold_StagesToVolumeAndLoads()
    {
        var volume = await CreateVolumeAsync();
        var table = LakehouseEmulator.NewTable("staged");
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {new TableName("main", "default", table).ToSql()} (id BIGINT, amt DECIMAL(10,2), day DATE) USING DELTA"), cancellationToken: Ct);
        var delta = lakehouse.Client.GetDeltaClient("main", "default");
        var rows = Enumerable.Range(1, 500).Select(i => new Row(i, i + 0.25m, new DateOnly(2024, 1, 1).AddDays(i))).ToList();

        var result = await delta.WriteTableAsync(
            table,
            rows,
            WriteMode.Append,
            new WriteTableOptions
            {
                Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("day", "DATE")],
                StagingVolumePath = volume,
                StagingThresholdBytes = 1024,
            },
            Ct);
        var back = await delta.ReadTableAsync<Row>(table, cancellationToken: Ct).ToListAsync(Ct);
        var leftovers = await lakehouse.Client.GetFilesClient().ListDirectoryAsync(volume + "/_deltafunctions_staging", cancellationToken: Ct).ToListAsync(Ct);

        Assert.True(result.Staged);
        Assert.Equal(rows, back.OrderBy(r => r.Id));
        Assert.Empty(leftovers);
    }

    private async Task<string> CreateVolumeAsync()
    {
        var name = "vol_" + Guid.NewGuid().ToString("N")[..8];
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE VOLUME {SqlIdentifier.QuoteParts("main", "default", name)}"), cancellationToken: Ct);
        return $"/Volumes/main/default/{name}";
    }

    public sealed record Row(long Id, decimal Amt, DateOnly Day);
}

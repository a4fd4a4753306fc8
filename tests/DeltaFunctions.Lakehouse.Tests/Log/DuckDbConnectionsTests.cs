using DeltaFunctions.Lakehouse.Log;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Tests.Log;

/// <summary>DuckDB's own sandbox, the second line behind the front end's refusals.</summary>
public sealed class DuckDbConnectionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lh-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "lh-sandbox-outside-" + Guid.NewGuid().ToString("N"));

    public DuckDbConnectionsTests()
    {
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "in.csv"), "a\n1\n");
        File.WriteAllText(Path.Combine(_outside, "out.csv"), "a\n2\n");
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('{outside}/out.csv')")]
    [InlineData("SELECT * FROM read_text('{outside}/out.csv')")]
    [InlineData("SELECT * FROM glob('{outside}/*')")]
    [InlineData("SELECT * FROM read_csv('{root}/../{outsideName}/out.csv')")]
    [InlineData("COPY (SELECT 1) TO '{outside}/written.csv'")]
    [InlineData("ATTACH '{outside}/x.db' AS x")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET allowed_directories = ['/']")]
    [InlineData("RESET lock_configuration")]
    [InlineData("SET lock_configuration = false")]
    public void OpenSandboxed_HostAccessOrConfigurationChange_IsRefusedByDuckDb(string template)
    {
        using var sut = DuckDbConnections.OpenSandboxed(_root);
        using var command = sut.CreateCommand();
        command.CommandText = template
            .Replace("{outsideName}", Path.GetFileName(_outside), StringComparison.Ordinal)
            .Replace("{outside}", _outside, StringComparison.Ordinal)
            .Replace("{root}", _root, StringComparison.Ordinal);

        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
        Assert.False(File.Exists(Path.Combine(_outside, "written.csv")));
        Assert.False(File.Exists(Path.Combine(_outside, "x.db")));
    }

    [Fact]
    public void OpenSandboxed_FilesUnderTheRoot_StayReadableAndWritableInUtc()
    {
        using var sut = DuckDbConnections.OpenSandboxed(_root);
        using var command = sut.CreateCommand();

        command.CommandText = $"COPY (SELECT 5 AS a) TO '{_root}/t.parquet' (FORMAT PARQUET)";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT CAST((SELECT sum(a) FROM read_csv('{_root}/in.csv')) + (SELECT sum(a) FROM read_parquet('{_root}/**/*.parquet')) AS BIGINT)";
        var sum = (long)command.ExecuteScalar()!;
        command.CommandText = "SELECT current_setting('TimeZone')";
        var zone = command.ExecuteScalar();

        Assert.Equal(6L, sum);
        Assert.Equal("UTC", zone);
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }
}

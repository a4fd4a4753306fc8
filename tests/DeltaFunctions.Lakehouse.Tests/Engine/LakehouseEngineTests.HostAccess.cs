namespace DeltaFunctions.Lakehouse.Tests.Engine;

/// <summary>
/// User SQL reaches nothing outside the workspace: DuckDB's file, settings, extension and system functions and
/// statements are unknown to the front end (as they are to Databricks), and paths resolve only under the data root.
/// </summary>
public sealed partial class LakehouseEngineTests
{
    private const string HostSecret = "host-secret-7f3a";

    public static TheoryData<string, string> HostAccessStatements => new()
    {
        { "SELECT * FROM read_csv_auto('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM READ_CSV_AUTO('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM Read_Text('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM `read_text`('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM main.read_text('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT content FROM read_blob('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM read_csv('{secret}', header = false)", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM read_json_auto('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM sniff_csv('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM glob('/*')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM GLOB('{dir}/*')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM read_parquet('/tmp/**')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM parquet_scan('{dir}/x.parquet')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM parquet_metadata('{dir}/x.parquet')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM duckdb_settings()", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM DuckDB_Extensions()", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM pragma_version()", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM query('SELECT 1')", "UNRESOLVED_ROUTINE" },
        { "SELECT getenv('HOME')", "UNRESOLVED_ROUTINE" },
        { "SELECT current_setting('enable_external_access')", "UNRESOLVED_ROUTINE" },
        { "SELECT (SELECT content FROM read_text('{secret}'))", "UNRESOLVED_ROUTINE" },
        { "SELECT 1 WHERE EXISTS (SELECT * FROM read_text('{secret}') WHERE content LIKE '%x%')", "UNRESOLVED_ROUTINE" },
        { "WITH x AS (SELECT * FROM read_text('{secret}')) SELECT * FROM x", "UNRESOLVED_ROUTINE" },
        { "CREATE TABLE leak AS SELECT * FROM read_text('{secret}')", "UNRESOLVED_ROUTINE" },
        { "INSERT INTO existing SELECT length(content) FROM read_text('{secret}')", "UNRESOLVED_ROUTINE" },
        { "SELECT * FROM '{secret}'", "PARSE_SYNTAX_ERROR" },
        { "SELECT * FROM \"{secret}\"", "PARSE_SYNTAX_ERROR" },
        { "ATTACH '{dir}/x.db' AS x", "PARSE_SYNTAX_ERROR" },
        { "attach '{dir}/x.db'", "PARSE_SYNTAX_ERROR" },
        { "DETACH x", "PARSE_SYNTAX_ERROR" },
        { "COPY (SELECT 1) TO '{dir}/out.csv'", "PARSE_SYNTAX_ERROR" },
        { "copy existing to '{dir}/out.csv'", "PARSE_SYNTAX_ERROR" },
        { "EXPORT DATABASE '{dir}/export'", "PARSE_SYNTAX_ERROR" },
        { "IMPORT DATABASE '{dir}/export'", "PARSE_SYNTAX_ERROR" },
        { "INSTALL httpfs", "PARSE_SYNTAX_ERROR" },
        { "LOAD httpfs", "PARSE_SYNTAX_ERROR" },
        { "FORCE INSTALL httpfs", "PARSE_SYNTAX_ERROR" },
        { "PRAGMA database_list", "PARSE_SYNTAX_ERROR" },
        { "CALL pragma_version()", "PARSE_SYNTAX_ERROR" },
        { "CHECKPOINT", "PARSE_SYNTAX_ERROR" },
        { "SELECT * FROM read_files('{secret}', format => 'csv')", "INVALID_VOLUME_PATH" },
        { "SELECT * FROM read_files('{root}/../outside.csv', format => 'csv')", "INVALID_VOLUME_PATH" },
        { "SELECT * FROM read_files('/Volumes/main/default/v/../../../../../{secretName}', format => 'csv')", "INVALID_VOLUME_PATH" },
        { "SELECT * FROM read_files('/Volumes/main/default/v/link/{secretName}', format => 'csv')", "INVALID_VOLUME_PATH" },
        { "SELECT * FROM csv.`{secret}`", "INVALID_VOLUME_PATH" },
        { "SELECT * FROM delta.`{dir}/table`", "INVALID_VOLUME_PATH" },
        { "SELECT * FROM delta.`{root}/../table`", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION '{dir}/ext'", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION 'file:{dir}/ext'", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION '{root}/../{besideName}'", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION 'relative/ext'", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION '../ext'", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION '{root}/main/default/rootlink/ext'", "INVALID_VOLUME_PATH" },
        { "CREATE TABLE ext (id INT) LOCATION '/Volumes/main/default/v/link/ext'", "INVALID_VOLUME_PATH" },
    };

    [Theory]
    [MemberData(nameof(HostAccessStatements))]
    public async Task ExecuteAsync_StatementReachingTheHost_IsRefusedWithTheDatabricksErrorClass(string template, string errorClass)
    {
        using var sut = new EngineScope();
        var outside = Path.Combine(Path.GetTempPath(), "lh-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(outside, "table", "_delta_log"));
        try
        {
            var secret = Path.Combine(outside, "secret.csv");
            await File.WriteAllTextAsync(secret, "a,b\n" + HostSecret + ",1\n", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(outside, "table", "_delta_log", "00000000000000000000.json"), "{}", TestContext.Current.CancellationToken);
            await sut.Sql("CREATE TABLE existing (n BIGINT)");
            await sut.Sql("CREATE VOLUME main.default.v");
            Directory.CreateSymbolicLink(sut.Engine.ResolveVolumePath("/Volumes/main/default/v/link"), outside);
            Directory.CreateSymbolicLink(Path.Combine(sut.DataDirectory, "main", "default", "rootlink"), outside);
            var beside = Path.Combine(Path.GetDirectoryName(sut.DataDirectory)!, "ext-" + Guid.NewGuid().ToString("N"));
            var sql = template
                .Replace("{besideName}", Path.GetFileName(beside), StringComparison.Ordinal)
                .Replace("{secretName}", Path.GetRelativePath("/", secret), StringComparison.Ordinal)
                .Replace("{secret}", secret, StringComparison.Ordinal)
                .Replace("{dir}", outside, StringComparison.Ordinal)
                .Replace("{root}", sut.DataDirectory, StringComparison.Ordinal);

            var e = await sut.Fails(sql);

            Assert.Equal(errorClass, e.ErrorClass);
            Assert.Matches("^[0-9A-Z]{5}$", e.SqlState);
            Assert.DoesNotContain(HostSecret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Error:", e.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(outside, "ext")), "a table was created outside the data directory");
            Assert.False(File.Exists(Path.Combine(outside, "out.csv")), "a file was written outside the data directory");
            Assert.False(File.Exists(Path.Combine(outside, "x.db")), "a database was attached outside the data directory");
            Assert.False(Directory.Exists(beside), "a table was created beside the data directory");
            Assert.Equal(0L, await sut.Scalar("SELECT count(*) FROM existing"));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task ExecuteAsync_SetOfAnEngineSetting_DoesNotReachDuckDb()
    {
        using var sut = new EngineScope();

        await sut.Sql("SET enable_external_access = true");
        var e = await sut.Fails("SELECT * FROM read_text('/etc/hostname')");

        Assert.Equal("UNRESOLVED_ROUTINE", e.ErrorClass);
    }
}

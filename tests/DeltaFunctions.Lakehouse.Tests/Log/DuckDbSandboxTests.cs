using DeltaFunctions.Lakehouse.Log;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Tests.Log;

/// <summary>
/// DuckDB's own sandbox, the second line behind the front end's refusals: no host access, no configuration change,
/// and nothing one connection (one statement) does is seen by a later or concurrent one.
/// </summary>
public sealed class DuckDbSandboxTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lh-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "lh-sandbox-outside-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDbSandbox _sut;

    public DuckDbSandboxTests()
    {
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "in.csv"), "a\n1\n");
        File.WriteAllText(Path.Combine(_outside, "out.csv"), "a\n2\n");
        _sut = DuckDbSandbox.Open(_root);
    }

    /// <summary>What an earlier statement could try to leave behind for the next one.</summary>
    public static TheoryData<string> LeftoverStatements => new()
    {
        "CREATE TEMP TABLE leftover AS SELECT 42 AS a",
        "CREATE TEMP VIEW leftover AS SELECT 42 AS a",
        "CREATE TEMP MACRO leftover(a) AS a + 42",
        "CREATE TEMP SEQUENCE leftover",
        "SET VARIABLE leftover = 42",
        "PREPARE leftover AS SELECT 42",
        "BEGIN TRANSACTION",
    };

    [Theory]
    [InlineData("SELECT * FROM read_csv('{outside}/out.csv')")]
    [InlineData("SELECT * FROM read_text('{outside}/out.csv')")]
    [InlineData("SELECT * FROM glob('{outside}/*')")]
    [InlineData("SELECT * FROM read_csv('{root}/../{outsideName}/out.csv')")]
    [InlineData("COPY (SELECT 1) TO '{outside}/written.csv'")]
    [InlineData("ATTACH '{outside}/x.db' AS x")]
    [InlineData("ATTACH ':memory:' AS x")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET allowed_directories = ['/']")]
    [InlineData("SET GLOBAL allowed_directories = ['/']")]
    [InlineData("SET SESSION TimeZone = 'America/New_York'")]
    [InlineData("RESET lock_configuration")]
    [InlineData("RESET TimeZone")]
    [InlineData("SET lock_configuration = false")]
    [InlineData("SET GLOBAL parquet_metadata_cache = false")]
    [InlineData("CREATE TABLE shared AS SELECT 1 AS a")]
    [InlineData("CREATE VIEW shared AS SELECT 1 AS a")]
    [InlineData("CREATE MACRO shared(a) AS a")]
    [InlineData("CREATE SEQUENCE shared")]
    [InlineData("CREATE TYPE shared AS ENUM ('a')")]
    [InlineData("CREATE SCHEMA shared")]
    [InlineData("CREATE SECRET shared (TYPE http, BEARER_TOKEN 'x')")]
    public void Connect_HostAccessConfigurationChangeOrSharedObject_IsRefusedByDuckDb(string template)
    {
        // A connection that follows an earlier one (the pooled database) is as strict as the first.
        using (var earlier = _sut.Connect())
        {
            Run(earlier, "SELECT 1");
        }

        using var sut = _sut.Connect();

        Assert.ThrowsAny<DuckDBException>(() => Run(sut, Expand(template)));
        Assert.False(File.Exists(Path.Combine(_outside, "written.csv")));
        Assert.False(File.Exists(Path.Combine(_outside, "x.db")));
        using var next = _sut.Connect();
        Assert.Equal(0L, Scalar(next, "SELECT count(*) FROM duckdb_tables()"));
        Assert.Equal(0L, Scalar(next, "SELECT count(*) FROM duckdb_views() WHERE NOT internal"));
        Assert.Equal(0L, Scalar(next, "SELECT count(*) FROM duckdb_sequences()"));
        Assert.Equal(3L, Scalar(next, "SELECT count(*) FROM duckdb_databases()"));
        Assert.Equal(0L, Scalar(next, "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'shared'"));
        Assert.Throws<DuckDBException>(() => Scalar(next, "SELECT shared(1)"));
    }

    [Theory]
    [MemberData(nameof(LeftoverStatements))]
    public void Connect_AfterAnEarlierSessionLeftStateBehind_StartsClean(string leftover)
    {
        var pristine = State(_sut);
        var earlier = _sut.Connect();
        Run(earlier, leftover);
        Assert.NotEqual(pristine, StateOf(earlier));

        // Seen neither while the earlier session is still open (a concurrent statement) nor after it closed.
        var concurrent = State(_sut);
        earlier.Dispose();
        var after = State(_sut);

        Assert.Equal(pristine, concurrent);
        Assert.Equal(pristine, after);
    }

    [Fact]
    public void Connect_SettingsOfEveryConnection_AreTheSandboxOnes()
    {
        using var first = _sut.Connect();
        Run(first, "SELECT 1");
        first.Dispose();
        using var sut = _sut.Connect();

        Assert.Equal("UTC", Scalar(sut, "SELECT current_setting('TimeZone')"));
        Assert.Equal(false, Scalar(sut, "SELECT current_setting('enable_external_access')"));
        Assert.Equal(true, Scalar(sut, "SELECT current_setting('lock_configuration')"));
        Assert.Equal(false, Scalar(sut, "SELECT current_setting('autoload_known_extensions')"));
        Assert.Equal(false, Scalar(sut, "SELECT current_setting('autoinstall_known_extensions')"));
        Assert.Equal(true, Scalar(sut, "SELECT current_setting('parquet_metadata_cache')"));
        // The data root, and DuckDB's own spill folder beside the sandbox's database file (which DuckDB always allows).
        var allowed = ((System.Collections.IEnumerable)Scalar(sut, "SELECT current_setting('allowed_directories')")!).Cast<string>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, allowed.Count);
        Assert.Contains(_sut.DataRoot, allowed);
        Assert.Contains(allowed, d => d.StartsWith(Path.Combine(Path.GetTempPath(), "deltafunctions-duckdb-"), StringComparison.Ordinal) && d.EndsWith(".duckdb.tmp/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_AfterAnInterruptedQuery_RunsTheNextQueryToTheEnd()
    {
        var interrupted = _sut.Connect();
        using var command = interrupted.CreateCommand();
        command.CommandText = "SELECT count(*) FROM range(100000000000) WHERE range % 7 = 3";
        var running = Task.Run(() => command.ExecuteScalar(), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        command.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        interrupted.Dispose();
        using var next = _sut.Connect();
        Assert.Equal(5_000_000L, Scalar(next, "SELECT count(*) FROM range(35000000) WHERE range % 7 = 3"));
    }

    [Fact]
    public void Connect_FilesUnderTheRoot_StayReadableAndWritableInUtc()
    {
        using var sut = _sut.Connect();
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

    [Fact]
    public void Dispose_DeletesTheDatabaseFile()
    {
        using var sut = DuckDbSandbox.Open(_root);
        using var connection = sut.Connect();
        var file = (string)Scalar(connection, "SELECT path FROM duckdb_databases() WHERE NOT internal")!;
        connection.Dispose();
        Assert.True(File.Exists(file));

        sut.Dispose();

        Assert.False(File.Exists(file));
        Assert.False(file.StartsWith(_root, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _sut.Dispose();
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    /// <summary>Everything a session can hold, as seen from a new connection.</summary>
    private static string State(DuckDbSandbox sandbox)
    {
        using var connection = sandbox.Connect();
        return StateOf(connection);
    }

    private static string StateOf(DuckDBConnection connection)
    {
        var state = (string)Scalar(connection, """
            SELECT concat_ws(' | ', current_database(), current_schema(),
                (SELECT string_agg(database_name, ',' ORDER BY database_name) FROM duckdb_databases()),
                (SELECT count(*) FROM duckdb_tables()), (SELECT count(*) FROM duckdb_views() WHERE NOT internal),
                (SELECT count(*) FROM duckdb_sequences()), (SELECT count(*) FROM duckdb_variables()),
                (SELECT count(*) FROM duckdb_prepared_statements()))
            """)!;
        var macro = TryScalar(connection, "SELECT leftover(1)");
        var transaction = TryScalar(connection, "BEGIN TRANSACTION");
        if (transaction == "ok")
        {
            Run(connection, "ROLLBACK");
        }

        return $"{state} | macro {macro} | begin {transaction}";
    }

    private static string TryScalar(DuckDBConnection connection, string sql)
    {
        try
        {
            Scalar(connection, sql);
            return "ok";
        }
        catch (DuckDBException)
        {
            return "refused";
        }
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Run(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string Expand(string template) => template
        .Replace("{outsideName}", Path.GetFileName(_outside), StringComparison.Ordinal)
        .Replace("{outside}", _outside, StringComparison.Ordinal)
        .Replace("{root}", _root, StringComparison.Ordinal);
}

using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// The one DuckDB database an engine runs user SQL on, sandboxed in DuckDB itself, which every statement reaches
/// through a connection of its own (<see cref="Connect"/>, a fraction of a millisecond) instead of a database of its
/// own (tens of milliseconds to open).
/// </summary>
/// <remarks>
/// <para>
/// Nothing one statement does can reach the next one, by construction rather than by cleaning up:
/// </para>
/// <list type="bullet">
/// <item>The default catalog is an empty database file opened <c>READ_ONLY</c>: no statement can create a table,
/// view, macro, sequence, type or schema in it, and read-only mode refuses <c>ATTACH</c> of an in-memory database
/// (external access refuses any file). Persistent secrets are refused with file access.</item>
/// <item>What a connection can create — temporary tables, views, macros and sequences, <c>SET VARIABLE</c>,
/// <c>PREPARE</c>, <c>USE</c>, an open transaction, an interrupt — belongs to that connection and ends with it.</item>
/// <item>The configuration (file access only under the data root, no extension installs or loads, UTC, Parquet
/// footers cached) is set globally and then locked, so no connection can <c>SET</c> or <c>RESET</c> any of it. DuckDB
/// itself adds its spill folder (<c>&lt;file&gt;.duckdb.tmp/</c>, private to this sandbox) and the empty database
/// file's own paths.</item>
/// </list>
/// <para>The front end refuses DuckDB-only functions and statements by name first; this holds even for a path it missed.</para>
/// </remarks>
internal sealed class DuckDbSandbox : IDisposable
{
    private readonly string _file;
    private readonly string _connectionString;
    private readonly DuckDBConnection _root;

    private DuckDbSandbox(string file, string connectionString, DuckDBConnection root)
    {
        _file = file;
        _connectionString = connectionString;
        _root = root;
    }

    /// <summary>Gets the data root, with a trailing separator: the only folder DuckDB may read or write.</summary>
    public required string DataRoot { get; init; }

    /// <summary>
    /// Gets the schemas of the data files statements on this database have scanned (see <see cref="ParquetSchemaCache"/>):
    /// DuckDB types as this database prints them, shared by every connection.
    /// </summary>
    public ParquetSchemaCache ParquetSchemas { get; } = new();

    /// <summary>
    /// Gets the result columns (name and DuckDB type, as <c>DESCRIBE</c> prints them) of queries statements on this
    /// database ran, keyed by what determines them (see <see cref="Commands.StatementContext.Query"/>), so that running
    /// the same query over the same files again binds it once instead of twice.
    /// </summary>
    public BoundedCache<IReadOnlyList<(string Name, string Type)>> ResultSchemas { get; } = new(1024);

    /// <summary>
    /// Opens the database: an empty DuckDB file in the temporary folder (outside the data root), opened read-only,
    /// configured and locked.
    /// </summary>
    /// <param name="dataRoot">The folder every table and volume lives under.</param>
    /// <param name="configure">Runs on the database before the configuration is locked (function registration).</param>
    /// <returns>The open sandbox; dispose it to close the database and delete its file.</returns>
    public static DuckDbSandbox Open(string dataRoot, Action<DuckDBConnection>? configure = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot)) + Path.DirectorySeparatorChar;
        var file = Path.Combine(Path.GetTempPath(), "deltafunctions-duckdb-" + Guid.NewGuid().ToString("N") + ".duckdb");
        using (var create = new DuckDBConnection("DataSource=" + file))
        {
            create.Open();
        }

        var connectionString = "DataSource=" + file + ";ACCESS_MODE=READ_ONLY";
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, "SET GLOBAL TimeZone = 'UTC'");

            // A query binds its Parquet reads once per run (twice the first time: DESCRIBE for the result's types, see
            // ResultSchemas), and a table scan's union_by_name binds every data file, not just the first: without the
            // cache each bind decodes every footer again, 6 of the 10 ms a statement over a 4-file table spent outside
            // the scan itself when every run described its result. Delta data files are immutable; DuckDB still re-reads a footer whose file changed (by its
            // modification time) and bounds the cache by memory (an LRU since DuckDB 1.5).
            Execute(connection, "SET GLOBAL parquet_metadata_cache = true");
            configure?.Invoke(connection);
            Execute(connection, "SET allowed_directories = [" + Sql.SqlRewriter.Literal(root) + "]");
            Execute(connection, "SET enable_external_access = false");
            Execute(connection, "SET autoinstall_known_extensions = false");
            Execute(connection, "SET autoload_known_extensions = false");
            Execute(connection, "SET lock_configuration = true");
            return new DuckDbSandbox(file, connectionString, connection) { DataRoot = root };
        }
        catch
        {
            connection.Dispose();
            DeleteFiles(file);
            throw;
        }
    }

    /// <summary>Opens a new connection to the database: a clean session, in UTC, under the locked configuration.</summary>
    /// <returns>The open connection; the caller disposes it, and everything it created goes with it.</returns>
    public DuckDBConnection Connect()
    {
        var connection = new DuckDBConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closes the engine's own connection (the database closes with the last open one) and deletes the file.</summary>
    public void Dispose()
    {
        _root.Dispose();
        DeleteFiles(_file);
    }

    private static void DeleteFiles(string file)
    {
        foreach (var path in new[] { file, file + ".wal" })
        {
            try
            {
                File.Delete(path);
                if (Directory.Exists(file + ".tmp"))
                {
                    Directory.Delete(file + ".tmp", recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An empty database file left in the temporary folder is harmless.
            }
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

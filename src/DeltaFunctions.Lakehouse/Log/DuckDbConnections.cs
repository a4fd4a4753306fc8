using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>Opens the engine's DuckDB connections and keeps them in UTC.</summary>
internal static class DuckDbConnections
{
    /// <summary>
    /// Opens the in-memory connection user SQL runs on, sandboxed in DuckDB itself: file access only under
    /// <paramref name="dataRoot"/> (the workspace's tables and volumes), no extension installs or loads, and the
    /// configuration locked so no statement can SET any of it back. The front end refuses DuckDB-only functions by
    /// name first; this holds even for a path the front end missed.
    /// </summary>
    /// <param name="dataRoot">The folder every table and volume lives under.</param>
    /// <param name="configure">Runs on the open connection before the configuration is locked (function registration).</param>
    /// <returns>The open connection, in UTC.</returns>
    public static DuckDBConnection OpenSandboxed(string dataRoot, Action<DuckDBConnection>? configure = null)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot)) + Path.DirectorySeparatorChar;
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            Execute(connection, "SET TimeZone = 'UTC'");
            configure?.Invoke(connection);
            Execute(connection, "SET allowed_directories = [" + Sql.SqlRewriter.Literal(root) + "]");
            Execute(connection, "SET enable_external_access = false");
            Execute(connection, "SET autoinstall_known_extensions = false");
            Execute(connection, "SET autoload_known_extensions = false");
            Execute(connection, "SET lock_configuration = true");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Sets the session time zone to UTC unless it already is (a locked connection refuses any SET).</summary>
    /// <param name="connection">The connection.</param>
    public static void UseUtc(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT current_setting('TimeZone')";
        if (!string.Equals(command.ExecuteScalar() as string, "UTC", StringComparison.Ordinal))
        {
            Execute(connection, "SET TimeZone = 'UTC'");
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

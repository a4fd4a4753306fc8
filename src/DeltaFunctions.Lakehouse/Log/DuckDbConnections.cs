using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>Helpers for the engine's DuckDB connections: siblings on the same database, UTC sessions.</summary>
internal static class DuckDbConnections
{
    /// <summary>
    /// Opens another connection to the database <paramref name="connection"/> is connected to (its open readers are
    /// untouched): a duplicate of an in-memory connection, a new connection of the same connection string otherwise
    /// (DuckDB.NET shares the open database of a file between its connections).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <returns>The new open connection; the caller disposes it.</returns>
    public static DuckDBConnection OpenSibling(DuckDBConnection connection)
    {
        var sibling = connection.DataSource is ":memory:" or "" ? connection.Duplicate() : new DuckDBConnection(connection.ConnectionString);
        try
        {
            if (sibling.State != System.Data.ConnectionState.Open)
            {
                sibling.Open();
            }

            return sibling;
        }
        catch
        {
            sibling.Dispose();
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

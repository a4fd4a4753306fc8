using System.Globalization;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Finds tables by name and loads their snapshots (latest or time-travelled).</summary>
internal static class TableResolver
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Finds a table or fails with TABLE_OR_VIEW_NOT_FOUND.</summary>
    /// <param name="context">The statement context.</param>
    /// <param name="name">The name as written.</param>
    /// <returns>The table.</returns>
    public static ResolvedTable Resolve(StatementContext context, SqlName name) =>
        TryResolve(context, name) ?? throw SqlErrors.TableNotFound(name.ToString());

    /// <summary>Finds a table.</summary>
    /// <param name="context">The statement context.</param>
    /// <param name="name">The name as written.</param>
    /// <returns>The table, or null when it does not exist.</returns>
    public static ResolvedTable? TryResolve(StatementContext context, SqlName name)
    {
        if (name.Parts.Count == 2 && name.Parts[0].Equals("delta", StringComparison.OrdinalIgnoreCase) && name.Parts[1].StartsWith('/'))
        {
            var path = context.Catalog.ResolveStoragePath(name.Parts[1]);
            return Directory.Exists(Path.Combine(path, "_delta_log")) ? new ResolvedTable(null, null, name.Parts[1], path, true) : null;
        }

        var (catalog, schema, table) = StatementExecutor.ResolveName(name, context.Session);
        var schemaEntry = context.Catalog.GetSchema(catalog, schema);
        if (schemaEntry is null)
        {
            return null;
        }

        var found = context.Catalog.FindTable(schemaEntry, table);
        return found is null ? null : new ResolvedTable(schemaEntry.Catalog, schemaEntry.Name, table, found.Value.Location, found.Value.External);
    }

    /// <summary>Opens the Delta log of a table.</summary>
    /// <param name="context">The statement context.</param>
    /// <param name="table">The table.</param>
    /// <returns>The log.</returns>
    public static DeltaLog OpenLog(StatementContext context, ResolvedTable table)
    {
        var log = DeltaLog.ForTable(table.Location, context.TimeProvider, context.Connection, context.ParquetSchemas);
        if (!log.Exists)
        {
            throw SqlErrors.TableNotFound(table.FullName);
        }

        return log;
    }

    /// <summary>Loads the snapshot a time-travel clause names (the latest when null).</summary>
    /// <param name="context">The statement context.</param>
    /// <param name="table">The table.</param>
    /// <param name="travel">The time travel, or null.</param>
    /// <returns>The snapshot.</returns>
    public static Snapshot LoadSnapshot(StatementContext context, ResolvedTable table, TimeTravelSpec? travel)
    {
        var log = OpenLog(context, table);
        if (travel is null)
        {
            return log.GetSnapshot();
        }

        if (travel.Version is { } version)
        {
            return log.GetSnapshot(version);
        }

        return log.GetSnapshotAsOf(ParseTimestamp(travel.Timestamp!));
    }

    /// <summary>Parses a time-travel timestamp; text without an offset is UTC (the session time zone).</summary>
    /// <param name="text">The timestamp text.</param>
    /// <returns>The instant.</returns>
    public static DateTimeOffset ParseTimestamp(string text)
    {
        if (DateTimeOffset.TryParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new LakehouseException("DELTA_INVALID_TIMESTAMP_FORMAT", "22007", $"The provided timestamp ({text}) cannot be converted to a valid timestamp.");
    }
}

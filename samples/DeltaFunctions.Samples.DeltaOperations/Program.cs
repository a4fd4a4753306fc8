// Delta Lake operations through DeltaClient on one table: write (overwrite, then append), read with a filter and as
// of a version (time travel), OPTIMIZE with Z-order, VACUUM as a dry run, DESCRIBE HISTORY and RESTORE. Every result
// names the statement that ran it. Exit code 0 when the restore brought the first version back, 1 otherwise, 2 on
// bad settings. Settings: DATABRICKS_HOST, DATABRICKS_TOKEN (or another credential), DATABRICKS_WAREHOUSE_ID; the table
// lives in DATABRICKS_CATALOG.DATABRICKS_SCHEMA (main.default when unset), created when missing.
// Usage: dotnet run --project samples/DeltaFunctions.Samples.DeltaOperations [table]
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Samples;

var table = args.Length > 0 ? args[0] : "delta_sample_trips";

return await SampleHost.RunAsync("Delta operations", needsWarehouse: true, async (client, ct) =>
{
    var delta = client.GetDeltaClient();
    await client.GetSqlClient().ExecuteAsync(
        SqlStatement.FromText($"CREATE TABLE IF NOT EXISTS {delta.Table(table).ToSql()} (trip_id BIGINT, city STRING, km DECIMAL(9,3)) USING DELTA"),
        cancellationToken: ct);

    // Write: append, overwrite or replace-where; decimals keep every digit or are refused naming the column.
    DeltaWriteResult first = await delta.WriteTableAsync(table, [new Trip(1, "Amsterdam", 3.2m), new Trip(2, "Utrecht", 12.5m)], WriteMode.Overwrite, cancellationToken: ct);
    var firstVersion = (await delta.DescribeHistoryAsync(table, limit: 1, ct))[0].Version;
    DeltaWriteResult second = await delta.WriteTableAsync(table, [new Trip(3, "Amsterdam", 7.125m)], WriteMode.Append, cancellationToken: ct);
    Console.WriteLine($"Wrote {first.NumInsertedRows} rows (version {firstVersion}, statement {first.StatementId}), then appended {second.NumInsertedRows}.");

    // Read, also as of a version (time travel).
    var amsterdam = await delta.ReadTableAsync<Trip>(table, new ReadTableOptions { Filter = SqlFilter.Equal("city", "Amsterdam") }, ct).ToListAsync(ct);
    var before = await delta.ReadTableAsync<Trip>(table, new ReadTableOptions { Version = firstVersion }, ct).ToListAsync(ct);
    Console.WriteLine($"{amsterdam.Count} Amsterdam trips now; {before.Count} trips in version {firstVersion}.");

    // Maintenance, history, restore.
    OptimizeResult optimized = await delta.OptimizeAsync(table, zOrderBy: ["city"], cancellationToken: ct);
    VacuumResult vacuum = await delta.VacuumAsync(table, new VacuumOptions { DryRun = true }, ct);
    var history = await delta.DescribeHistoryAsync(table, limit: 10, ct);
    RestoreResult restored = await delta.RestoreAsync(table, firstVersion, ct);
    Console.WriteLine($"OPTIMIZE: {optimized.NumFilesRemoved} files compacted into {optimized.NumFilesAdded}.");
    Console.WriteLine($"VACUUM dry run: {vacuum.Paths.Count} files would be deleted.");
    foreach (var commit in history)
    {
        Console.WriteLine($"History: version {commit.Version} {commit.Operation}, {commit.OperationMetrics.NumOutputRows?.ToString() ?? "-"} rows written");
    }

    Console.WriteLine($"RESTORE to version {firstVersion}: {restored.NumRestoredFiles} files restored, {restored.NumRemovedFiles} removed.");
    var now = await delta.ReadTableAsync<Trip>(table, cancellationToken: ct).ToListAsync(ct);
    foreach (var trip in now.OrderBy(t => t.TripId))
    {
        Console.WriteLine($"Row: {trip.TripId} {trip.City} {trip.Km}");
    }

    return now.OrderBy(t => t.TripId).SequenceEqual(before.OrderBy(t => t.TripId));
});

/// <summary>A row of the table: columns trip_id, city, km.</summary>
internal sealed record Trip(long TripId, string City, decimal Km);

// Upserts corrections into a Delta table with the MERGE builder: matched rows with zero km are deleted (cancelled
// trips), other matched rows updated, new rows inserted, in one MERGE statement whose source rows are bound
// parameters. Exit code 0 when every correction was applied, 1 otherwise, 2 on bad settings.
// Settings: DATABRICKS_HOST, DATABRICKS_TOKEN (or another credential), DATABRICKS_WAREHOUSE_ID; the table lives in
// DATABRICKS_CATALOG.DATABRICKS_SCHEMA (main.default when unset), created when missing and reset on every run.
// Usage: dotnet run --project samples/DeltaFunctions.Samples.Merge [table]
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Samples;

var table = args.Length > 0 ? args[0] : "merge_sample_trips";

return await SampleHost.RunAsync("merge", needsWarehouse: true, async (client, ct) =>
{
    var delta = client.GetDeltaClient();
    await client.GetSqlClient().ExecuteAsync(
        SqlStatement.FromText($"CREATE TABLE IF NOT EXISTS {delta.Table(table).ToSql()} (trip_id BIGINT, city STRING, km DECIMAL(9,3)) USING DELTA"),
        cancellationToken: ct);
    await delta.WriteTableAsync(table, [new Trip(1, "Amsterdam", 3.2m), new Trip(2, "Utrecht", 12.5m), new Trip(3, "Delft", 4m)], WriteMode.Overwrite, cancellationToken: ct);
    Trip[] corrections = [new Trip(2, "Utrecht", 12.75m), new Trip(3, "Delft", 0m), new Trip(4, "Leiden", 9.125m)];

    // Merge with the builder.
    MergeResult merged = await delta.Merge(table)
        .UsingRows(corrections)
        .On("trip_id")
        .WhenMatchedDelete(SqlFilter.Equal(ColumnRef.Source("km"), 0m))
        .WhenMatchedUpdateAll()
        .WhenNotMatchedInsertAll()
        .ExecuteAsync(ct);
    Console.WriteLine($"MERGE {merged.StatementId} into {merged.Table}: {merged.NumUpdatedRows} updated, {merged.NumInsertedRows} inserted, {merged.NumDeletedRows} deleted.");

    // The same merge as a dry run: it sends nothing and returns what would have been sent.
    MergeResult preview = await delta.Merge(table).UsingRows(corrections).On("trip_id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll()
        .WithDryRun()
        .ExecuteAsync(ct);
    foreach (var request in preview.DryRunRequests)
    {
        Console.WriteLine($"Dry run: {request.Method} {request.Path}: {request.Statement?.Text}");
    }

    var rows = await delta.ReadTableAsync<Trip>(table, cancellationToken: ct).ToListAsync(ct);
    foreach (var trip in rows.OrderBy(t => t.TripId))
    {
        Console.WriteLine($"Row: {trip.TripId} {trip.City} {trip.Km}");
    }

    return preview.IsDryRun && merged.NumAffectedRows == corrections.Length;
});

/// <summary>A row of the table: columns trip_id, city, km.</summary>
internal sealed record Trip(long TripId, string City, decimal Km);

// Runs a parameterised query through the SQL Statement Execution API and maps each row to a record
// (ReadAsync<T>: snake_case columns fill PascalCase members), then starts a statement without waiting, resumes it by
// its id (as another process would) and waits for it. Exit code 0 on success, 1 on failure, 2 on bad settings.
// Settings: DATABRICKS_HOST, DATABRICKS_TOKEN (or another credential) and DATABRICKS_WAREHOUSE_ID.
// Usage: dotnet run --project samples/DeltaFunctions.Samples.SqlQuery [table] [minimum-km]
// The default table is the emulator's demo table (--seed-demo): trip_id, city, distance_km, started_at.
using System.Globalization;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Samples;

if (!TableName.TryParse(args.Length > 0 ? args[0] : "main.demo.trips", out var trips, out var error))
{
    Console.Error.WriteLine($"The table is not a three-part name: {error}.");
    return 2;
}

var minimumKm = args.Length > 1 ? decimal.Parse(args[1], CultureInfo.InvariantCulture) : 0m;

return await SampleHost.RunAsync("SQL query", needsWarehouse: true, async (client, ct) =>
{
    var sql = client.GetSqlClient();
    var query = new SqlStatement(
        $"SELECT city, count(*) AS trips, sum(distance_km) AS total_km FROM {trips.ToSql()} WHERE distance_km >= :min_km GROUP BY city ORDER BY city",
        [new StatementParameter { Name = "min_km", Value = minimumKm.ToString(CultureInfo.InvariantCulture), Type = "DECIMAL(10,2)" }]);
    await foreach (var row in sql.ReadAsync<CitySummary>(query, new SqlExecuteOptions { Timeout = TimeSpan.FromSeconds(30) }, ct))
    {
        Console.WriteLine($"{row.City}: {row.Trips} trips, {row.TotalKm} km");
    }

    // Long statements: start, keep the id, resume from any process, wait.
    var started = await sql.StartAsync(SqlStatement.FromText($"SELECT count(*) AS trips FROM {trips.ToSql()}"), cancellationToken: ct);
    var resumed = await sql.GetStatementOperationAsync(started.StatementId, cancellationToken: ct);
    var response = await resumed.WaitForCompletionAsync(ct);
    await foreach (var row in sql.ReadRowsAsync(response, ct))
    {
        Console.WriteLine($"Statement {started.StatementId}: {row["trips"]} trips in {trips.FullName}.");
    }

    return true;
});

/// <summary>One row of the query: columns city, trips, total_km (TotalKm fills from total_km, and back on writes).</summary>
internal sealed record CitySummary(string City, long Trips, decimal TotalKm);

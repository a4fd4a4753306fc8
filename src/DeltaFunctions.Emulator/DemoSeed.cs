using System.Text;
using DeltaFunctions.Emulator.Workspace;
using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator;

/// <summary>The small demo lakehouse of <c>--seed-demo</c>: a trips table and a SQL notebook that summarizes it.</summary>
internal static class DemoSeed
{
    public const string Script = """
        CREATE SCHEMA IF NOT EXISTS main.demo;
        CREATE OR REPLACE TABLE main.demo.trips (trip_id BIGINT NOT NULL, city STRING, distance_km DECIMAL(10,2), started_at TIMESTAMP);
        INSERT INTO main.demo.trips VALUES
          (1, 'Amsterdam', 3.20, TIMESTAMP '2024-06-10 08:00:00'),
          (2, 'Amsterdam', 7.45, TIMESTAMP '2024-06-10 09:30:00'),
          (3, 'Berlin', 12.10, TIMESTAMP '2024-06-10 10:15:00'),
          (4, 'Lisbon', 5.00, TIMESTAMP '2024-06-11 07:45:00');
        """;

    public const string NotebookPath = "/Shared/demo/city_summary";

    public const string Notebook = """
        SELECT city, count(*) AS trips, sum(distance_km) AS total_km
        FROM main.demo.trips
        WHERE city = :city OR :city = 'all'
        GROUP BY city
        ORDER BY city;
        """;

    public static async Task SeedAsync(LakehouseEngine engine, WorkspaceStore workspace, CancellationToken cancellationToken)
    {
        await engine.ExecuteScriptAsync(Script, cancellationToken: cancellationToken);
        workspace.Import(new WorkspaceImportRequest
        {
            Path = NotebookPath,
            Language = "SQL",
            Format = "SOURCE",
            Content = Convert.ToBase64String(Encoding.UTF8.GetBytes(Notebook)),
            Overwrite = true,
        });
    }
}

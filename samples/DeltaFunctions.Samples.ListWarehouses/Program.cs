// Lists the workspace's SQL warehouses, then its Unity Catalog catalogs and the tables of one schema, through the
// DeltaFunctions client library; lists are IAsyncEnumerable, page tokens followed behind them.
// Reads DATABRICKS_HOST and DATABRICKS_TOKEN (or any other method the library detects, e.g.
// DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET) from the environment.
// Usage: dotnet run --project samples/DeltaFunctions.Samples.ListWarehouses [catalog] [schema]
using DeltaFunctions.Samples;

var catalogName = args.Length > 0 ? args[0] : "main";
var schemaName = args.Length > 1 ? args[1] : "default";

return await SampleHost.RunAsync("list warehouses", needsWarehouse: false, async (client, ct) =>
{
    Console.WriteLine($"SQL warehouses in {client.Host} (auth: {client.AuthType}):");
    var count = 0;
    await foreach (var warehouse in client.GetWarehousesClient().ListWarehousesAsync(ct))
    {
        Console.WriteLine($"  {warehouse.Id,-20} {warehouse.State,-10} {warehouse.ClusterSize,-10} {warehouse.Name}");
        count++;
    }

    Console.WriteLine(count == 0 ? "  (none)" : $"{count} warehouse(s).");

    var catalog = client.GetCatalogClient();
    await foreach (var c in catalog.ListCatalogsAsync(cancellationToken: ct))
    {
        Console.WriteLine($"Catalog: {c.Name}");
    }

    await foreach (var t in catalog.ListTablesAsync(catalogName, schemaName, cancellationToken: ct))
    {
        Console.WriteLine($"Table: {t.FullName}");
    }

    return true;
});

using DeltaFunctions.Emulator;

// A thin CLI over EmulatorHost: parse, start, print where to connect, serve until Ctrl+C.
EmulatorOptions options;
try
{
    options = EmulatorCommandLine.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

await using var host = await EmulatorHost.StartAsync(options);
Console.WriteLine($"DeltaFunctions emulator listening on {host.BaseAddress}");
Console.WriteLine($"  DATABRICKS_HOST={host.BaseAddress.ToString().TrimEnd('/')}");
Console.WriteLine($"  DATABRICKS_TOKEN={host.Token}");
Console.WriteLine($"  DATABRICKS_WAREHOUSE_ID={host.WarehouseId}");
Console.WriteLine($"  data directory: {Path.GetFullPath(options.DataDirectory)}");
Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
return 0;

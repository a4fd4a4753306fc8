using System.Diagnostics;

namespace DeltaFunctions.Benchmarks.Sql;

/// <summary>
/// The emulator as a child process (<c>dotnet DeltaFunctions.Emulator.dll</c> from this benchmark's output folder),
/// so memory measured in the benchmark process belongs to the client alone.
/// </summary>
internal sealed class ExternalEmulator : IAsyncDisposable
{
    private const string AccessToken = "dapi-bench-token";

    private readonly Process _process;
    private readonly string _dataDirectory;

    private ExternalEmulator(Process process, string dataDirectory, Uri baseAddress, string warehouseId)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        WarehouseId = warehouseId;
    }

    public Uri BaseAddress { get; }

    public string WarehouseId { get; }

    public string Token => AccessToken;

    public static async Task<ExternalEmulator> StartAsync(int chunkRows)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DeltaFunctions.Emulator.dll");
        var data = Path.Combine(Path.GetTempPath(), "deltafunctions-bench-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0", "--data-dir", data, "--token", AccessToken, "--result-chunk-rows", chunkRows.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("// emulator: " + e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Uri? host = null;
        string? warehouse = null;
        while (host is null || warehouse is null)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The emulator exited with {(process.HasExited ? process.ExitCode : -1)} before it listened.");
            if (line.StartsWith("  DATABRICKS_HOST=", StringComparison.Ordinal))
            {
                host = new Uri(line["  DATABRICKS_HOST=".Length..] + "/");
            }
            else if (line.StartsWith("  DATABRICKS_WAREHOUSE_ID=", StringComparison.Ordinal))
            {
                warehouse = line["  DATABRICKS_WAREHOUSE_ID=".Length..];
            }
        }

        // Keep draining stdout so the child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        return new ExternalEmulator(process, data, host, warehouse);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the stopping process; the temporary folder is left behind.
        }
    }
}

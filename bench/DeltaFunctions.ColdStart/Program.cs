// Cold start to first query (issue #17), by process launch. See the project file for what it does.
// Usage: DeltaFunctions.ColdStart [measure|check] [probe] [launches]
//   probe     the DeltaFunctions.TrimCheck executable (apphost) or .dll; default: its Release build in samples/
//   launches  launches per mode (default 20), after one unmeasured warm-up launch each (disk cache)
// Exit code 0, 1 when a launch failed or printed other rows, 2 on bad arguments.
using System.Diagnostics;
using System.Globalization;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing;

const string Expected = "1|alpha|1.50\n2|beta|20.25\n3|gamma|300.00";
string[] modes = ["bare", "client", "host"];

var command = args.Length > 0 ? args[0] : "measure";
var probe = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(RepositoryRoot(), "samples/DeltaFunctions.TrimCheck/bin/Release/net10.0/DeltaFunctions.TrimCheck.dll"));
var launches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
if (command is not ("measure" or "check") || !File.Exists(probe) || launches < 1)
{
    Console.Error.WriteLine($"usage: DeltaFunctions.ColdStart [measure|check] [probe] [launches]; probe '{probe}' {(File.Exists(probe) ? "exists" : "does not exist")}");
    return 2;
}

await using var emulator = await DatabricksEmulator.StartAsync();
using (var client = emulator.CreateClient())
{
    var sql = client.GetSqlClient();
    await sql.ExecuteAsync(SqlStatement.FromText("CREATE TABLE main.default.cold_start (id BIGINT, name STRING, amount DECIMAL(10,2))"));
    await sql.ExecuteAsync(SqlStatement.FromText("INSERT INTO main.default.cold_start VALUES (1, 'alpha', 1.50), (2, 'beta', 20.25), (3, 'gamma', 300.00)"));
}

if (command == "check")
{
    var failed = false;
    foreach (var mode in modes)
    {
        var (_, output, error, exitCode) = await LaunchAsync(mode);
        var ok = exitCode == 0 && output == Expected;
        failed |= !ok;
        Console.WriteLine($"{Path.GetFileName(probe)} {mode}: {(ok ? "3 rows as expected" : $"FAILED (exit {exitCode}): {output} {error}")}");
    }

    return failed ? 1 : 0;
}

var times = modes.ToDictionary(m => m, _ => new List<double>());
foreach (var mode in modes)
{
    await LaunchAsync(mode);
}

for (var i = 0; i < launches; i++)
{
    foreach (var mode in modes)
    {
        var (elapsed, output, error, exitCode) = await LaunchAsync(mode);
        if (exitCode != 0 || output != Expected)
        {
            Console.Error.WriteLine($"{mode} launch {i} failed (exit {exitCode}): {output} {error}");
            return 1;
        }

        times[mode].Add(elapsed.TotalMilliseconds);
    }
}

var bare = Percentile(times["bare"], 0.5);
Console.WriteLine($"Cold start to first query: {Path.GetFileName(probe)}, {launches} launches per mode, interleaved, {Environment.ProcessorCount} cores");
Console.WriteLine("| Mode | p50 ms | p90 ms | p50 ratio to bare |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var mode in modes)
{
    var p50 = Percentile(times[mode], 0.5);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {mode} | {p50:F0} | {Percentile(times[mode], 0.9):F0} | {p50 / bare:F2} |"));
}

return 0;

async Task<(TimeSpan Elapsed, string Output, string Error, int ExitCode)> LaunchAsync(string mode)
{
    var dll = probe.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
    var start = new ProcessStartInfo(dll ? "dotnet" : probe)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    if (dll)
    {
        start.ArgumentList.Add(probe);
    }

    start.ArgumentList.Add(mode);
    start.Environment["DATABRICKS_HOST"] = emulator.BaseAddress.ToString();
    start.Environment["DATABRICKS_TOKEN"] = emulator.Token;
    start.Environment["DATABRICKS_WAREHOUSE_ID"] = emulator.WarehouseId;
    start.Environment["DOTNET_ENVIRONMENT"] = "Production";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    var elapsed = clock.Elapsed;
    return (elapsed, (await output).Trim().ReplaceLineEndings("\n"), (await error).Trim(), process.ExitCode);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToArray();
    var rank = p * (sorted.Length - 1);
    var low = (int)Math.Floor(rank);
    var high = (int)Math.Ceiling(rank);
    return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "DeltaFunctions.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

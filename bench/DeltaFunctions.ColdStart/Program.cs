// Cold start to first query (issue #17), by process launch. See the project file for what it does.
// Usage: DeltaFunctions.ColdStart [measure|check|jit] [probe] [launches]
//   jit       one launch per mode with DOTNET_JitStdOutFile + DOTNET_JitDisasmSummary=1: the methods the JIT still
//             compiles on a cold start, by namespace (stable under load, unlike times); the lists stay in /tmp
//   probe     the DeltaFunctions.TrimCheck executable (apphost) or .dll; default: its Release build in samples/
//   launches  launches per mode (default 20), after one unmeasured warm-up launch each (disk cache)
// Exit code 0, 1 when a launch failed or printed other rows, 2 on bad arguments.
using System.Diagnostics;
using System.Globalization;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing;

const string Expected = "1|alpha|1.50\n2|beta|20.25\n3|gamma|300.00";
string[] modes = ["bare", "client", "hostraw", "host"];

var command = args.Length > 0 ? args[0] : "measure";
var probe = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(RepositoryRoot(), "samples/DeltaFunctions.TrimCheck/bin/Release/net10.0/DeltaFunctions.TrimCheck.dll"));
var launches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
if (command is not ("measure" or "check" or "jit") || !File.Exists(probe) || launches < 1)
{
    Console.Error.WriteLine($"usage: DeltaFunctions.ColdStart [measure|check|jit] [probe] [launches]; probe '{probe}' {(File.Exists(probe) ? "exists" : "does not exist")}");
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

if (command == "jit")
{
    return await CountJitAsync();
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

// The library's share inside a host: the generic host with AddDatabricks against the same host doing the bare statement.
var hostRaw = Percentile(times["hostraw"], 0.5);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host ÷ hostraw (AddDatabricks inside a host): {Percentile(times["host"], 0.5) / hostRaw:F2}; hostraw ÷ bare (the generic host itself): {hostRaw / bare:F2}"));

return 0;

// One launch per mode with the JIT's own summary (the release runtime writes it; no tool needed): every method compiled
// after start-up, with its tier. ReadyToRun code is not listed, so this counts what a cold start still compiles.
async Task<int> CountJitAsync()
{
    var counts = new Dictionary<string, Dictionary<string, int>>();
    foreach (var mode in modes)
    {
        var file = Path.Combine(Path.GetTempPath(), $"coldstart-jit-{mode}.txt");
        File.Delete(file);
        var (_, output, error, exitCode) = await LaunchAsync(mode, new() { ["DOTNET_JitStdOutFile"] = file, ["DOTNET_JitDisasmSummary"] = "1" });
        if (exitCode != 0 || output != Expected)
        {
            Console.Error.WriteLine($"{mode} failed (exit {exitCode}): {output} {error}");
            return 1;
        }

        counts[mode] = File.ReadLines(file)
            .Select(line => line.IndexOf("JIT compiled ", StringComparison.Ordinal) is var at and >= 0 ? line[(at + 13)..] : null)
            .OfType<string>()
            .GroupBy(Area)
            .ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine($"{mode}: {counts[mode].Values.Sum()} methods JIT-compiled ({file})");
    }

    var areas = counts.Values.SelectMany(c => c.Keys).Distinct().OrderByDescending(a => counts.Values.Max(c => c.GetValueOrDefault(a))).ToList();
    Console.WriteLine($"| Area | {string.Join(" | ", modes)} |");
    Console.WriteLine($"|---|{string.Concat(modes.Select(_ => "---:|"))}");
    foreach (var area in areas.Where(a => counts.Values.Max(c => c.GetValueOrDefault(a)) >= 5))
    {
        Console.WriteLine($"| {area} | {string.Join(" | ", modes.Select(m => counts[m].GetValueOrDefault(area)))} |");
    }

    return 0;

    // The assembly-like prefix of the compiled method's type: two namespace segments (System.Text, Polly.Retry, ...),
    // or the whole namespace of a generic's definition. Instantiations count under the generic's own namespace.
    static string Area(string method)
    {
        var name = method.Split([':', '`', '[', '('], 2)[0];
        var parts = name.Split('.');
        return parts.Length <= 2 ? parts[0] : string.Join('.', parts.Take(Math.Min(3, parts.Length - 1)));
    }
}

async Task<(TimeSpan Elapsed, string Output, string Error, int ExitCode)> LaunchAsync(string mode, Dictionary<string, string>? environment = null)
{
    var dll = probe.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
    var start = new ProcessStartInfo(dll ? "dotnet" : probe)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,

        // The probe's own folder, as a deployed app runs (the Functions host and a container's WORKDIR both start the
        // worker in the app's folder): the generic host takes the working directory as its content root and watches it
        // for appsettings changes, which on Linux walks every subdirectory, so launched from a repository checkout the
        // host modes paid for watching bin/obj trees no deployment has.
        WorkingDirectory = Path.GetDirectoryName(probe)!,
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
    foreach (var (name, value) in environment ?? [])
    {
        start.Environment[name] = value;
    }

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

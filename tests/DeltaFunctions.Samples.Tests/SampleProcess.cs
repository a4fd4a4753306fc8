using System.Diagnostics;
using System.Runtime.InteropServices;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Samples.Tests;

/// <summary>What a sample program printed and returned.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record SampleRun(int ExitCode, string Output, string Error)
{
    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs a sample program of samples/ as its own process, as a user would (<c>dotnet DeltaFunctions.Samples.X.dll</c>),
/// with the README's environment variables pointing at an emulator and no Databricks setting inherited from the
/// machine running the tests.
/// </summary>
internal static class SampleProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Runs a sample to its end.</summary>
    /// <param name="sample">The sample's name after <c>DeltaFunctions.Samples.</c>.</param>
    /// <param name="emulator">The workspace: DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID are its values.</param>
    /// <param name="arguments">The command-line arguments.</param>
    /// <param name="cancellationToken">The test's token.</param>
    /// <param name="environment">Variables to set on top (a null value removes one).</param>
    /// <returns>What the process printed and its exit code.</returns>
    public static async Task<SampleRun> RunAsync(
        string sample,
        EmulatorFixture emulator,
        IReadOnlyList<string> arguments,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var program = ProgramPath(sample);
        Assert.True(File.Exists(program), $"{program} was not built (it is built with this project).");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(IsDatabricksSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DATABRICKS_HOST"] = emulator.BaseAddress.ToString();
        start.Environment["DATABRICKS_TOKEN"] = emulator.Token;
        start.Environment["DATABRICKS_WAREHOUSE_ID"] = emulator.WarehouseId;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{sample} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new SampleRun(process.ExitCode, await output, await error);
    }

    // The sample's own output folder, built in the configuration of these tests: samples/X/bin/<Configuration>/<tfm>/X.dll.
    private static string ProgramPath(string sample)
    {
        var project = $"DeltaFunctions.Samples.{sample}";
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        return Path.Combine(TestUtilities.RepositoryRoot.Combine("samples"), project, "bin", configuration, output.Name, project + ".dll");
    }

    private static bool IsDatabricksSetting(string key) =>
        key.StartsWith("DATABRICKS_", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Databricks__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("AZURE_", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ARM_", StringComparison.OrdinalIgnoreCase);

    // The dotnet host that runs these tests: <root>/shared/Microsoft.NETCore.App/<version>/ is the runtime directory.
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}

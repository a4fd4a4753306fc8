using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities;

namespace DeltaFunctions.Deployment.Tests.Infra;

/// <summary>
/// The Bicep CLI restored from the NuGet package Azure.Bicep.CommandLine.linux-x64 (the project's PackageDownload),
/// and the templates it compiles. Compiling once per test run is enough: the sources do not change while tests run.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<Task<JsonObject>> MainTemplate = new(() => BuildAsync("infra/main.bicep"));

    /// <summary>Gets the path of the restored bicep executable.</summary>
    public static string Executable { get; } = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;

    /// <summary>The ARM JSON compiled from infra/main.bicep.</summary>
    public static Task<JsonObject> CompiledMainAsync() => MainTemplate.Value;

    /// <summary>Compiles a .bicep file to ARM JSON.</summary>
    public static async Task<JsonObject> BuildAsync(string relativePath)
    {
        var result = await RunAsync(["build", RepositoryRoot.Combine(relativePath), "--stdout"]);
        Assert.True(result.ExitCode == 0, $"bicep build {relativePath} failed: {result.StandardError}");
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }

    /// <summary>Compiles a .bicepparam file to its ARM parameters JSON.</summary>
    public static async Task<JsonObject> BuildParamsAsync(string relativePath)
    {
        var result = await RunAsync(["build-params", RepositoryRoot.Combine(relativePath), "--stdout"]);
        Assert.True(result.ExitCode == 0, $"bicep build-params {relativePath} failed: {result.StandardError}");
        var envelope = JsonNode.Parse(result.StandardOutput)!;
        return JsonNode.Parse(envelope["parametersJson"]!.GetValue<string>())!["parameters"]!.AsObject();
    }

    /// <summary>Runs the CLI with arguments and collects its output.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(IReadOnlyList<string> arguments)
    {
        Assert.True(File.Exists(Executable), $"The Bicep CLI is not at {Executable}; restore tests/DeltaFunctions.Deployment.Tests.");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // NuGet extracts the package without the execute bit on some systems.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Executable, File.GetUnixFileMode(Executable) | UnixFileMode.UserExecute);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace DeltaFunctions.Databricks.Tests.Streaming;

/// <summary>Runs the machine's <c>python3</c> over generated programs.</summary>
internal static class PythonRunner
{
    /// <summary>Compiles every file with <c>python3 -m py_compile</c>; returns the exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Error)> CompileAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-m", "py_compile" };
        arguments.AddRange(files);
        var (exitCode, _, error) = await RunAsync(arguments, cancellationToken);
        return (exitCode, error);
    }

    /// <summary>Returns every string constant in a program, as Python's parser reads it.</summary>
    public static async Task<IReadOnlyList<string>> StringConstantsAsync(string file, CancellationToken cancellationToken)
    {
        const string script = "import ast, json, sys\n"
            + "tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())\n"
            + "print(json.dumps([n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]))\n";
        var (exitCode, output, error) = await RunAsync(["-c", script, file], cancellationToken);
        Assert.True(exitCode == 0, error);
        return JsonSerializer.Deserialize<List<string>>(output)!;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}

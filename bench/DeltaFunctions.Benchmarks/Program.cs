using BenchmarkDotNet.Running;

namespace DeltaFunctions.Benchmarks;

/// <summary>Entry point: runs the benchmarks chosen on the command line (for example <c>--filter '*'</c>).</summary>
public static class BenchmarkProgram
{
    /// <summary>Runs BenchmarkDotNet's switcher over this assembly.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}

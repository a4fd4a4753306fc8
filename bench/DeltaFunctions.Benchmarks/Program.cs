using BenchmarkDotNet.Running;

namespace DeltaFunctions.Benchmarks;

/// <summary>Entry point: runs the benchmarks chosen on the command line (for example <c>--filter '*'</c>).</summary>
public static class BenchmarkProgram
{
    /// <summary>
    /// Runs BenchmarkDotNet's switcher over this assembly, or, with <c>--streaming-memory raw|client ROWS [ITERATIONS]</c>,
    /// the streaming peak-memory measurement as a console run (see <see cref="Sql.StreamingMemoryBenchmarks.RunConsoleAsync"/>),
    /// or with <c>--interleaved-read [ROUNDS] [CATEGORY…]</c> the read benchmarks interleaved (see <see cref="Sql.ResultReadBenchmarks.RunInterleavedAsync"/>).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <returns>The process exit code.</returns>
    public static int Main(string[] args)
    {
        if (args is ["--streaming-memory", .. var rest])
        {
            return Sql.StreamingMemoryBenchmarks.RunConsoleAsync(rest).GetAwaiter().GetResult();
        }

        if (args is ["--interleaved-read", .. var options])
        {
            return Sql.ResultReadBenchmarks.RunInterleavedAsync(options).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}

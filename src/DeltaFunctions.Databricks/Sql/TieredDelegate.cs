using System.Runtime.CompilerServices;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The threshold every <see cref="TieredDelegate{TDelegate}"/> shares.</summary>
internal static class TieredDelegate
{
    /// <summary>
    /// Calls made through reflection before the compiled delegate is built. A first query or write of a few rows (the
    /// common cold start of a function) then never loads System.Linq.Expressions and Reflection.Emit nor JITs a dynamic
    /// method; a large batch pays the reflection path for these rows only (well under a millisecond).
    /// </summary>
    public const int CompileAfterCalls = 1000;
}

/// <summary>
/// A per-row delegate used through reflection for its first <see cref="TieredDelegate.CompileAfterCalls"/> calls, then
/// compiled where the runtime can generate code (under native AOT it stays on reflection). Both delegates must do the
/// same work with the same errors, so which one served a call is not observable. Thread-safe: two callers past the
/// threshold at once may both compile, and either delegate is the same one.
/// </summary>
/// <typeparam name="TDelegate">The delegate type.</typeparam>
internal sealed class TieredDelegate<TDelegate>
    where TDelegate : Delegate
{
    private readonly TDelegate _reflected;
    private readonly Func<TDelegate> _compile;
    private TDelegate? _compiled;
    private int _calls;

    /// <summary>Initializes a new instance of the <see cref="TieredDelegate{TDelegate}"/> class.</summary>
    /// <param name="reflected">The delegate working through reflection.</param>
    /// <param name="compile">Compiles the delegate; called only where dynamic code is supported.</param>
    public TieredDelegate(TDelegate reflected, Func<TDelegate> compile)
    {
        _reflected = reflected;
        _compile = compile;
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            _compiled = reflected;
        }
    }

    /// <summary>Gets the final delegate once there is one (compiled, or reflection under native AOT); null before.</summary>
    public TDelegate? Final => Volatile.Read(ref _compiled);

    /// <summary>The delegate for the next call, counting it: compiling it once past the threshold.</summary>
    /// <returns>The delegate to call.</returns>
    public TDelegate Next()
    {
        if (Volatile.Read(ref _compiled) is { } compiled)
        {
            return compiled;
        }

        if (Interlocked.Increment(ref _calls) <= TieredDelegate.CompileAfterCalls)
        {
            return _reflected;
        }

        compiled = _compile();
        Volatile.Write(ref _compiled, compiled);
        return compiled;
    }
}

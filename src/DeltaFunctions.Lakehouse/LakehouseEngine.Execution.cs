using DeltaFunctions.Lakehouse.Catalog;
using DeltaFunctions.Lakehouse.Commands;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;
using DeltaFunctions.Lakehouse.Sql.Json;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse;

/// <summary>The statement-running half of the facade.</summary>
public sealed partial class LakehouseEngine
{
    private readonly CatalogStore _catalog;
    private readonly Lazy<DuckDbSandbox> _duckDb;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="LakehouseEngine"/> class.</summary>
    /// <param name="options">The engine settings.</param>
    /// <param name="timeProvider">The clock for commit timestamps and retention; the system clock when null.</param>
    /// <exception cref="ArgumentException">The data directory is empty.</exception>
    public LakehouseEngine(LakehouseOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TargetRowsPerFile, 1, nameof(options));
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _catalog = new CatalogStore(options.DataDirectory, TimeProvider);

        // One sandboxed DuckDB database for the engine's lifetime, opened on first use; every statement connects to it.
        _duckDb = new(() => DuckDbSandbox.Open(options.DataDirectory, SparkJsonFunctions.Register), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the engine settings.</summary>
    public LakehouseOptions Options { get; }

    /// <summary>Gets the clock the engine uses.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets a callback run just before each Delta commit, with the operation name (test seam).</summary>
    internal Action<string>? BeforeCommit { get; set; }

    /// <summary>Gets or sets a callback run with each DuckDB command's SQL just before DuckDB begins it (test seam).</summary>
    internal Action<string>? BeforeCommand { get; set; }

    /// <summary>Gets the engine's sandboxed DuckDB database, opening it on first use.</summary>
    private DuckDbSandbox DuckDb
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _duckDb.Value;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        if (_duckDb.IsValueCreated)
        {
            _duckDb.Value.Dispose();
        }
    }

    /// <inheritdoc />
    public partial Task<LakehouseResult> ExecuteAsync(string statement, IReadOnlyList<LakehouseParameter>? parameters, LakehouseSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bound = BindParameters(parameters);
        var current = session ?? LakehouseSession.Default;

        // DuckDB runs synchronously; keep the caller's thread free.
        return Task.Run(() => Run(statement, bound, ref current, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public partial Task<T> ExecuteStreamingAsync<T>(
        string statement, Func<LakehouseResult, T> read, IReadOnlyList<LakehouseParameter>? parameters, LakehouseSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bound = BindParameters(parameters);
        var current = session ?? LakehouseSession.Default;
        return Task.Run(
            () => Run(statement, bound, ref current, streaming: true, read, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public partial Task<IReadOnlyList<LakehouseResult>> ExecuteScriptAsync(string script, IReadOnlyList<LakehouseParameter>? parameters, LakehouseSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bound = BindParameters(parameters);
        var current = session ?? LakehouseSession.Default;
        return Task.Run<IReadOnlyList<LakehouseResult>>(
            () =>
            {
                var results = new List<LakehouseResult>();
                IReadOnlyList<string> statements;
                try
                {
                    statements = SqlParser.SplitScript(script);
                }
                catch (Exception e) when (e is not LakehouseException and not OperationCanceledException)
                {
                    throw Wrap(e);
                }

                foreach (var statement in statements)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    results.Add(Run(statement, bound, ref current, cancellationToken));
                }

                return results;
            },
            cancellationToken);
    }

    private static Dictionary<string, LakehouseParameter> BindParameters(IReadOnlyList<LakehouseParameter>? parameters)
    {
        var bound = new Dictionary<string, LakehouseParameter>(StringComparer.Ordinal);
        foreach (var p in parameters ?? [])
        {
            ArgumentNullException.ThrowIfNull(p);
            if (p.Type is { } type && (type.StartsWith("ARRAY", StringComparison.OrdinalIgnoreCase) || type.StartsWith("MAP", StringComparison.OrdinalIgnoreCase)
                || type.StartsWith("STRUCT", StringComparison.OrdinalIgnoreCase)))
            {
                throw new LakehouseException("INVALID_PARAMETER_VALUE", "22023", $"Parameter {p.Name} has type {type}; ARRAY, MAP and STRUCT parameters are not allowed.");
            }

            bound[p.Name] = p;
        }

        return bound;
    }

    private LakehouseResult Run(string statement, Dictionary<string, LakehouseParameter> parameters, ref LakehouseSession session, CancellationToken cancellationToken) =>
        Run(statement, parameters, ref session, streaming: false, static result => result, cancellationToken);

    /// <summary>Runs one statement and hands its result to <paramref name="finish"/> while the statement's connection is open.</summary>
    private T Run<T>(string statement, Dictionary<string, LakehouseParameter> parameters, ref LakehouseSession session, bool streaming, Func<LakehouseResult, T> finish, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var parsed = SqlParser.Parse(statement, parameters);
            using var context = new StatementContext(DuckDb, _catalog, Options, TimeProvider, session, parameters, cancellationToken)
            {
                BeforeCommit = BeforeCommit,
                BeforeCommand = BeforeCommand,
                StreamQueryRows = streaming && parsed is QueryStatement,
            };
            var result = finish(new StatementExecutor(context).Execute(parsed));
            session = context.Session;
            return result;
        }
        catch (LakehouseException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrors.Map(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Wrap(e);
        }
    }

    private static LakehouseException Wrap(Exception e) => e switch
    {
        IOException or UnauthorizedAccessException => new LakehouseException("IO_ERROR", "58030", e.Message, e),
        FormatException or OverflowException or ArgumentException => new LakehouseException("INVALID_PARAMETER_VALUE", "22023", e.Message, e),
        _ => new LakehouseException("INTERNAL_ERROR", "XX000", e.Message, e),
    };
}

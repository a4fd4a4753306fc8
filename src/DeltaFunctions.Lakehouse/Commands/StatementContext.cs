using DeltaFunctions.Lakehouse.Catalog;
using DeltaFunctions.Lakehouse.Log;
using DeltaFunctions.Lakehouse.Sql;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>
/// Everything one statement runs with: the catalog, the session defaults, the parameters, the engine-wide
/// SET configuration and a DuckDB connection of its own to the engine's sandboxed database (opened on first use, in
/// UTC, closed with the statement so nothing it created outlives it).
/// </summary>
internal sealed class StatementContext : IDisposable
{
    /// <summary>
    /// How often a cancelled statement's interrupt is sent again until the statement ends: DuckDB clears a connection's
    /// interrupt when a query begins, so one that lands between the token check and the start of the statement's next
    /// query (or between its DESCRIBE and its query) is lost, and that query would run to its end.
    /// </summary>
    private static readonly TimeSpan InterruptRepeat = TimeSpan.FromMilliseconds(20);

    private readonly DuckDbSandbox _duckDb;
    private readonly CancellationToken _cancellationToken;
    private readonly Lock _interruptGate = new();
    private DuckDBConnection? _connection;
    private CancellationTokenRegistration _interrupt;
    private ITimer? _repeatInterrupt;
    private bool _disposed;
    private bool _committed;
    private int _tempCounter;
    private List<string>? _relationTypeKeys = [];

    /// <summary>Initializes a new instance of the <see cref="StatementContext"/> class.</summary>
    public StatementContext(
        DuckDbSandbox duckDb,
        CatalogStore catalog,
        LakehouseOptions options,
        TimeProvider timeProvider,
        LakehouseSession session,
        IReadOnlyDictionary<string, LakehouseParameter> parameters,
        CancellationToken cancellationToken)
    {
        _duckDb = duckDb;
        Catalog = catalog;
        Options = options;
        TimeProvider = timeProvider;
        Session = session;
        Parameters = parameters;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Gets the catalog.</summary>
    public CatalogStore Catalog { get; }

    /// <summary>Gets the engine options.</summary>
    public LakehouseOptions Options { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets the session defaults (USE changes them for the rest of a script).</summary>
    public LakehouseSession Session { get; set; }

    /// <summary>Gets the named parameters.</summary>
    public IReadOnlyDictionary<string, LakehouseParameter> Parameters { get; }

    /// <summary>Gets or sets a callback run just before each commit (a test seam for racing writers).</summary>
    public Action<string>? BeforeCommit { get; set; }

    /// <summary>
    /// Gets or sets a callback run with each DuckDB command's SQL after the statement's cancellation was checked and
    /// before DuckDB begins it (a test seam for a cancel that lands in between).
    /// </summary>
    public Action<string>? BeforeCommand { get; set; }

    /// <summary>
    /// Gets a value indicating whether <see cref="Query"/> returns its rows as a single-pass stream read from DuckDB as
    /// they are enumerated (while this context is alive) instead of a list.
    /// </summary>
    public bool StreamQueryRows { get; init; }

    /// <summary>Gets the engine's cache of data-file schemas, which the statement's table scans share.</summary>
    public ParquetSchemaCache ParquetSchemas => _duckDb.ParquetSchemas;

    /// <summary>
    /// Gets the statement's cancellation token, or <see cref="CancellationToken.None"/> once the statement committed
    /// (<see cref="MarkCommitted"/>): what it wrote is in the table, so a cancel has nothing left to stop.
    /// </summary>
    public CancellationToken CancellationToken => Volatile.Read(ref _committed) ? CancellationToken.None : _cancellationToken;

    /// <summary>Gets the DuckDB connection, opening it on first use: a fresh session on the sandboxed database.</summary>
    public DuckDBConnection Connection
    {
        get
        {
            if (_connection is null)
            {
                _connection = _duckDb.Connect();

                // A cancelled statement stops its running DuckDB query at once (duckdb_interrupt, which
                // DuckDBCommand.Cancel calls for the connection) instead of computing on until it ends, and keeps
                // interrupting until it ends (InterruptRepeat). The interrupt belongs to this connection alone, which no
                // other statement ever uses.
                _interrupt = _cancellationToken.Register(static state => ((StatementContext)state!).OnCancelled(), this);
            }

            return _connection;
        }
    }

    /// <summary>
    /// Notes a relation the statement's query reads and what its column types depend on besides its text (see
    /// <see cref="Query"/>): a Delta scan's data-file key, or null for a relation whose types may change under the
    /// same text (files in a volume, temporary tables), which makes the statement describe its result afresh.
    /// </summary>
    /// <param name="typeKey">The relation's type key, or null.</param>
    public void NoteRelation(string? typeKey)
    {
        if (typeKey is null)
        {
            _relationTypeKeys = null;
        }
        else
        {
            _relationTypeKeys?.Add(typeKey);
        }
    }

    /// <summary>Returns a fresh name for a temporary DuckDB object.</summary>
    /// <param name="prefix">A readable prefix.</param>
    /// <returns>The quoted-safe name.</returns>
    /// <remarks>
    /// A query's result types could depend on what the statement created under such a name, which the next statement's
    /// object of the same name need not match: a statement that creates one describes its result afresh.
    /// </remarks>
    public string NewTempName(string prefix)
    {
        _relationTypeKeys = null;
        return $"__{prefix}_{++_tempCounter}";
    }

    /// <summary>Creates a rewriter bound to this statement's parameters and tables.</summary>
    /// <param name="resolver">The relation resolver.</param>
    /// <returns>The rewriter.</returns>
    public SqlRewriter CreateRewriter(ISqlRelationResolver resolver) => new(Parameters, resolver);

    /// <summary>Runs a DuckDB statement that returns no rows.</summary>
    /// <param name="sql">The DuckDB SQL.</param>
    /// <param name="parameters">The bound parameters.</param>
    /// <returns>The number of rows changed, as DuckDB reports it.</returns>
    public int Execute(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        CancellationToken.ThrowIfCancellationRequested();
        BeforeCommand?.Invoke(sql);
        try
        {
            using var command = Connection.CreateCommand();
            command.CommandText = sql;
            Bind(command, parameters);
            return command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrors.Map(e);
        }
    }

    /// <summary>Runs a DuckDB query and returns the first cell.</summary>
    /// <param name="sql">The DuckDB SQL.</param>
    /// <param name="parameters">The bound parameters.</param>
    /// <returns>The value, or null.</returns>
    public object? Scalar(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        CancellationToken.ThrowIfCancellationRequested();
        BeforeCommand?.Invoke(sql);
        try
        {
            using var command = Connection.CreateCommand();
            command.CommandText = sql;
            Bind(command, parameters);
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrors.Map(e);
        }
    }

    /// <summary>Runs a DuckDB query and reads every row as raw DuckDB values.</summary>
    /// <param name="sql">The DuckDB SQL.</param>
    /// <param name="parameters">The bound parameters.</param>
    /// <returns>The rows.</returns>
    public List<object?[]> Rows(string sql, IReadOnlyDictionary<string, object?>? parameters = null) => [.. ReadRows(sql, parameters, streaming: false)];

    /// <summary>
    /// Runs a DuckDB query and reads its rows one at a time as raw DuckDB values, as the caller enumerates them. In
    /// streaming mode DuckDB produces the result as it is read instead of materializing it first.
    /// </summary>
    private IEnumerable<object?[]> ReadRows(string sql, IReadOnlyDictionary<string, object?>? parameters, bool streaming)
    {
        CancellationToken.ThrowIfCancellationRequested();
        BeforeCommand?.Invoke(sql);
        var command = Connection.CreateCommand();
        DuckDBDataReader reader;
        try
        {
            command.CommandText = sql;
            command.UseStreamingMode = streaming;
            Bind(command, parameters);
            reader = Mapped(command.ExecuteReader);
        }
        catch
        {
            command.Dispose();
            throw;
        }

        using (command)
        using (reader)
        {
            var readers = NestedReaders(reader);
            while (Mapped(reader.Read))
            {
                var row = new object?[reader.FieldCount];
                Mapped(() =>
                {
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : readers[i] is { } read ? read(reader, i) : reader.GetValue(i);
                    }

                    return true;
                });
                yield return row;
            }
        }
    }

    private static T Mapped<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DuckDBException e)
        {
            throw DuckDbErrors.Map(e);
        }
    }

    /// <summary>Gets the DuckDB column names and types a query produces, without running it.</summary>
    /// <param name="sql">The DuckDB query.</param>
    /// <param name="parameters">The bound parameters.</param>
    /// <returns>Name and DuckDB type per column.</returns>
    public IReadOnlyList<(string Name, string Type)> Describe(string sql, IReadOnlyDictionary<string, object?>? parameters = null) =>
        [.. Rows("DESCRIBE " + sql, parameters).Select(r => ((string)r[0]!, (string)r[1]!))];

    /// <summary>Runs a query and returns a <see cref="LakehouseResult"/> with Databricks types and CLR values.</summary>
    /// <remarks>
    /// The result's DuckDB types must be known before the query runs (some columns are cast to be read, see below),
    /// and DuckDB.NET tells a result's types only once it has run, and then not in full (no STRUCT field names, no
    /// element types): so the query is described first, a second bind. The description is remembered per engine
    /// (<see cref="DuckDbSandbox.ResultSchemas"/>) under what fixes it: the query text, the parameters and every
    /// relation's type key (<see cref="NoteRelation"/>); a statement that read a relation without one describes afresh.
    /// </remarks>
    /// <param name="sql">The DuckDB query.</param>
    /// <param name="parameters">The bound parameters.</param>
    /// <returns>The result.</returns>
    public LakehouseResult Query(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var key = ResultTypesKey(sql, parameters);
        var described = key is null ? Describe(sql, parameters) : _duckDb.ResultSchemas.GetOrAdd(key, () => Describe(sql, parameters));
        // DuckDB names count(*) count_star(); Spark and Databricks print count(1).
        var columns = described.Select(d => new LakehouseColumn(d.Name == "count_star()" ? "count(1)" : d.Name, SqlTypes.FromDuckDb(d.Type))).ToList();

        // DuckDB.NET reads DECIMAL into System.Decimal and fails or drops digits beyond its 28-29, at the top level and
        // inside STRUCT / ARRAY / MAP values alike, and cannot read a NULL list element or map value inside a STRUCT:
        // those values are read as text (see DuckDbReadableType) and converted back by the Databricks type; wide decimals
        // are kept as text when they do not fit (as LakehouseResult documents).
        var casts = described.Select(d => DuckDbReadableType.For(d.Type)).ToArray();
        if (casts.Any(c => c is not null))
        {
            sql = "SELECT " + string.Join(", ", described.Select((d, i) =>
                (casts[i] is { } cast ? $"CAST(#{i + 1} AS {cast})" : $"#{i + 1}") + " AS " + SqlRewriter.Quote(d.Name))) + " FROM (" + sql + ")";
        }

        if (StreamQueryRows)
        {
            return LakehouseResult.Streamed(columns, ConvertRows(ReadRows(sql, parameters, streaming: true), columns));
        }

        var rows = Rows(sql, parameters);
        foreach (var row in rows)
        {
            Convert(row, columns);
        }

        return new LakehouseResult(columns, rows);
    }

    /// <summary>
    /// The key the description of <paramref name="sql"/> is remembered under: a hash of the text, every relation's type
    /// key and each parameter's name and value (text or bytes, as the front end binds them); null when the statement
    /// read a relation without a type key or binds a value of another kind.
    /// </summary>
    private string? ResultTypesKey(string sql, IReadOnlyDictionary<string, object?>? parameters)
    {
        if (_relationTypeKeys is null)
        {
            return null;
        }

        var text = new System.Text.StringBuilder(sql);
        foreach (var typeKey in _relationTypeKeys)
        {
            text.Append("\nrelation ").Append(typeKey);
        }

        foreach (var (name, value) in (parameters ?? new Dictionary<string, object?>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("\nparameter ").Append(name).Append(' ');
            switch (value)
            {
                case null:
                    text.Append("null");
                    break;
                case string s:
                    text.Append("text ").Append(s.Length).Append(' ').Append(s);
                    break;
                case byte[] bytes:
                    text.Append("bytes ").Append(System.Convert.ToHexString(bytes));
                    break;
                default:
                    return null;
            }
        }

        return System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IEnumerable<object?[]> ConvertRows(IEnumerable<object?[]> rows, List<LakehouseColumn> columns)
    {
        foreach (var row in rows)
        {
            yield return Convert(row, columns);
        }
    }

    private static object?[] Convert(object?[] row, List<LakehouseColumn> columns)
    {
        for (var i = 0; i < row.Length && i < columns.Count; i++)
        {
            row[i] = DuckDbValues.Convert(row[i], columns[i].TypeText);
        }

        return row;
    }

    /// <summary>
    /// Notes that the statement committed a table version: from here on it runs to its end whatever its token says (its
    /// later checks pass, no interrupt reaches its connection), so a statement never reports CANCELED once what it
    /// wrote is in the table.
    /// </summary>
    public void MarkCommitted()
    {
        lock (_interruptGate)
        {
            _committed = true;
        }

        _repeatInterrupt?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_interruptGate)
        {
            _disposed = true;
        }

        // Waits for a cancellation callback already running, so no repeat starts after this.
        _interrupt.Dispose();
        _repeatInterrupt?.Dispose();
        _connection?.Dispose();
    }

    private void OnCancelled()
    {
        Interrupt();
        lock (_interruptGate)
        {
            if (!_disposed && !_committed)
            {
                _repeatInterrupt = TimeProvider.System.CreateTimer(static state => ((StatementContext)state!).Interrupt(), this, InterruptRepeat, InterruptRepeat);
            }
        }
    }

    private void Interrupt()
    {
        lock (_interruptGate)
        {
            if (_disposed || _committed || _connection is null)
            {
                return;
            }

            try
            {
                using var command = _connection.CreateCommand();
                command.Cancel();
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or DuckDBException)
            {
                // The statement already ended and closed its connection: nothing left to interrupt.
            }
        }
    }

    /// <summary>
    /// Picks, per column, how to read a LIST or MAP value. DuckDB.NET's <c>GetValue</c> reads them as
    /// <c>List&lt;T&gt;</c> / <c>Dictionary&lt;K, V&gt;</c> of the element's non-nullable CLR type and throws on
    /// the first NULL element (<c>array(DATE'2024-02-29', NULL)</c>, a <c>MAP&lt;STRING, BIGINT&gt;</c> with a NULL
    /// value); asking for the same shapes with nullable element and value types reads every NULL as null.
    /// </summary>
    private static Func<DuckDBDataReader, int, object?>?[] NestedReaders(DuckDBDataReader reader)
    {
        var readers = new Func<DuckDBDataReader, int, object?>?[reader.FieldCount];
        for (var i = 0; i < readers.Length; i++)
        {
            var type = reader.GetFieldType(i);
            var nullable = type.IsGenericType ? WithNullableElements(type) : type;
            if (nullable != type)
            {
                readers[i] = typeof(StatementContext).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(nullable)
                    .CreateDelegate<Func<DuckDBDataReader, int, object?>>();
            }
        }

        return readers;
    }

    /// <summary>Turns the element types of lists and the value types of dictionaries nullable, at every depth.</summary>
    private static Type WithNullableElements(Type type)
    {
        if (type.IsValueType)
        {
            return Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;
        }

        if (!type.IsGenericType)
        {
            return type;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if (definition == typeof(List<>))
        {
            return typeof(List<>).MakeGenericType(WithNullableElements(arguments[0]));
        }

        // A STRUCT is a Dictionary<string, object>: unchanged, as object already allows null.
        return definition == typeof(Dictionary<,>)
            ? typeof(Dictionary<,>).MakeGenericType(arguments[0], WithNullableElements(arguments[1]))
            : type;
    }

    private static object? ReadAs<T>(DuckDBDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal);

    /// <summary>
    /// Binds the parameters the command text uses. The <c>$name</c> markers are renumbered to positional <c>$1</c>,
    /// <c>$2</c>, … in one pass over the text (skipping string literals, quoted identifiers and comments): DuckDB looks
    /// a named parameter up by scanning every name, so binding n named parameters costs O(n²) — a 100K-row VALUES
    /// source (200K parameters) took minutes — while positional binding is linear.
    /// </summary>
    private static void Bind(DuckDBCommand command, IReadOnlyDictionary<string, object?>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return;
        }

        var sql = command.CommandText;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = new System.Text.StringBuilder(sql.Length);
        var copied = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c is '\'' or '"')
            {
                i = SkipQuoted(sql, i, c);
                continue;
            }

            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
                continue;
            }

            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }

            if (c != '$' || i + 1 >= sql.Length || !(char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                continue;
            }

            var start = i + 1;
            var stop = start;
            while (stop < sql.Length && (char.IsAsciiLetterOrDigit(sql[stop]) || sql[stop] == '_'))
            {
                stop++;
            }

            var name = sql[start..stop];
            if (stop < sql.Length && sql[stop] == '$' || !parameters.TryGetValue(name, out var value))
            {
                i = stop - 1;
                continue;
            }

            if (!positions.TryGetValue(name, out var position))
            {
                position = positions.Count + 1;
                positions[name] = position;
                command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
            }

            text.Append(sql, copied, i - copied).Append('$').Append(position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            copied = stop;
            i = stop - 1;
        }

        if (positions.Count > 0)
        {
            command.CommandText = text.Append(sql, copied, sql.Length - copied).ToString();
        }
    }

    private static int SkipQuoted(string sql, int start, char quote)
    {
        // A doubled quote inside the literal or identifier escapes it.
        for (var i = start + 1; i < sql.Length; i++)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return sql.Length;
    }
}

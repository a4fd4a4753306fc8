using System.Globalization;
using System.Text;
using DeltaFunctions.Lakehouse.Sql.Json;

namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>
/// Rewrites Databricks SQL query bodies and expressions into DuckDB SQL: tables become the relations the
/// resolver hands back (with time travel), <c>:name</c> markers become bound DuckDB parameters cast to their
/// declared type, backtick identifiers become double-quoted ones, and the Spark functions, literals and
/// operators that differ from DuckDB are translated.
/// </summary>
internal sealed class SqlRewriter
{
    private static readonly HashSet<string> FromClauseEnds = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "SELECT",
        "OFFSET", "SORT", "CLUSTER", "DISTRIBUTE", "MINUS",
    };

    private static readonly HashSet<string> NotAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "JOIN",
        "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SEMI", "ANTI", "OUTER", "ON", "USING", "LATERAL",
        "PIVOT", "UNPIVOT", "TABLESAMPLE", "OFFSET", "SELECT", "WHEN", "SET", "THEN", "AND", "OR", "MINUS",
    };

    private static readonly Dictionary<string, string> Renames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nvl"] = "coalesce",
        ["size"] = "len",
        ["cardinality"] = "len",
        ["array_contains"] = "list_contains",
        ["collect_list"] = "list",
        ["array_agg"] = "list",
        ["sort_array"] = "list_sort",
        ["array_distinct"] = "list_distinct",
        ["array_join"] = "array_to_string",
        ["explode"] = "unnest",
        ["rand"] = "random",
        ["lcase"] = "lower",
        ["ucase"] = "upper",
        ["percentile"] = "quantile_cont",
        ["percentile_approx"] = "approx_quantile",
        ["approx_percentile"] = "approx_quantile",
        ["split"] = "regexp_split_to_array",
        ["get_json_object"] = "json_extract_string",
        ["transform"] = "list_transform",
        ["filter"] = "list_filter",
        ["timestamp_seconds"] = "to_timestamp",
        ["char"] = "chr",
        ["std"] = "stddev",
        ["dayofmonth"] = "day",
        ["weekofyear"] = "week",
        ["array_size"] = "len",
    };

    private static readonly HashSet<string> Special = new(StringComparer.OrdinalIgnoreCase)
    {
        "current_date", "current_timestamp", "now", "datediff", "date_add", "date_sub", "add_months", "nvl2", "isnull",
        "isnotnull", "named_struct", "map", "array", "concat", "regexp_extract", "regexp_replace", "to_date",
        "to_timestamp", "date_format", "collect_set", "uuid", "locate", "sha2", "unix_timestamp", "from_unixtime",
        "dayofweek", "struct", "element_at", "int", "bigint", "double", "string", "boolean", "decimal", "date",
        "timestamp", "float", "smallint", "tinyint", "to_json", "from_json", "inline", "inline_outer", "posexplode",
    };

    /// <summary>
    /// Words DuckDB reserves that Databricks SQL (ANSI mode off, where only the join and set-operator keywords are
    /// strictly reserved) never uses as a keyword inside a query, so they can only be identifiers there.
    /// </summary>
    private static readonly HashSet<string> EngineOnlyKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AT", "ANALYSE", "ASYMMETRIC", "SYMMETRIC", "DEFERRABLE", "DO", "INITIALLY", "PLACING", "RETURNING", "SUMMARIZE",
        "VARIADIC", "PIVOT_LONGER", "PIVOT_WIDER", "COLUMN", "SHOW", "DESCRIBE", "GRANT", "REFERENCES", "FOREIGN",
        "PRIMARY", "UNIQUE", "CHECK", "CONSTRAINT", "ONLY", "CREATE", "INTO",
    };

    private readonly IReadOnlyDictionary<string, LakehouseParameter> _parameters;
    private readonly ISqlRelationResolver _resolver;
    private readonly HashSet<string> _cteNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> _bound = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="SqlRewriter"/> class.</summary>
    /// <param name="parameters">The statement's named parameters.</param>
    /// <param name="resolver">Resolves tables and files to DuckDB relations.</param>
    public SqlRewriter(IReadOnlyDictionary<string, LakehouseParameter> parameters, ISqlRelationResolver resolver)
    {
        _parameters = parameters;
        _resolver = resolver;
    }

    /// <summary>Gets the DuckDB parameters the rewritten SQL uses (name without <c>$</c> → value text or null).</summary>
    public IReadOnlyDictionary<string, object?> BoundParameters => _bound;

    /// <summary>Rewrites a fragment to DuckDB SQL.</summary>
    /// <param name="fragment">The query or expression.</param>
    /// <returns>The DuckDB SQL text.</returns>
    public string Rewrite(SqlFragment fragment) => Rewrite(fragment.Tokens);

    /// <summary>Quotes an identifier for DuckDB.</summary>
    /// <param name="name">The identifier.</param>
    /// <returns>The double-quoted identifier.</returns>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes a DuckDB string literal.</summary>
    /// <param name="value">The string value.</param>
    /// <returns>The quoted literal.</returns>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private string Rewrite(IReadOnlyList<SqlToken> tokens)
    {
        EngineOnlyFunctions.Check(tokens);
        CollectCteNames(tokens);
        var output = new Output();
        var frames = new Stack<Frame>();
        frames.Push(new Frame(false));
        var expectTable = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            var frame = frames.Peek();
            if (expectTable)
            {
                expectTable = false;
                // A string after FROM is a file path to DuckDB (a replacement scan); Databricks has no such relation.
                if ((t.Kind == SqlTokenKind.Word && (FromClauseEnds.Contains(t.Text) || t.Is("ON") || t.Is("JOIN"))) || t.Kind == SqlTokenKind.String)
                {
                    throw SqlErrors.Syntax(t.Text);
                }

                if (t.IsIdentifier && next is not null && next.IsSymbol("(") && t.Is("read_files"))
                {
                    i = EmitReadFiles(tokens, i, output);
                    continue;
                }

                if (t.Is("range") && next is not null && next.IsSymbol("("))
                {
                    // Spark's range(start, end, step, numPartitions) names its column id; DuckDB's names it range.
                    var close = MatchingParen(tokens, i + 1);
                    var arguments = SplitArguments(tokens, i + 2, close).Take(3).Select(a => Rewrite(a));
                    output.Add("(SELECT range AS id FROM range(" + string.Join(", ", arguments) + "))");
                    i = close;
                    continue;
                }

                if (t.IsIdentifier && next is not null && next.IsSymbol("(") && (t.Is("inline") || t.Is("inline_outer")))
                {
                    // A generator used as a table (Spark 3.4+): DuckDB's unnest takes max_depth only in a SELECT list.
                    var close = MatchingParen(tokens, i + 1);
                    output.Add("(SELECT " + Inline(t.Text.ToLowerInvariant(), SplitArguments(tokens, i + 2, close)) + ")");
                    i = close;
                    continue;
                }

                if (t.IsIdentifier && !t.Is("LATERAL") && (next is null || !next.IsSymbol("(")))
                {
                    i = EmitTableReference(tokens, i, output);
                    continue;
                }
            }

            if (t.Is("FROM") && !frame.FromIsKeyword)
            {
                frame.InFrom = true;
                expectTable = true;
                output.Add("FROM");
                continue;
            }

            if (t.Is("JOIN"))
            {
                expectTable = true;
                output.Add("JOIN");
                continue;
            }

            if (t.IsSymbol(",") && frame.InFrom)
            {
                expectTable = true;
                output.Add(",");
                continue;
            }

            if (frame.InFrom && t.Kind == SqlTokenKind.Word && FromClauseEnds.Contains(t.Text))
            {
                frame.InFrom = false;
            }

            switch (t.Kind)
            {
                case SqlTokenKind.Symbol:
                    i = EmitSymbol(tokens, i, output, frames);
                    break;
                case SqlTokenKind.String:
                    output.Add(Literal(t.Text));
                    break;
                case SqlTokenKind.QuotedIdentifier:
                    output.Add(Quote(t.Text), noSpaceBefore: output.LastWasDot);
                    break;
                case SqlTokenKind.Parameter:
                    output.Add(BindParameter(t.Text));
                    break;
                case SqlTokenKind.Number:
                    output.Add(t.Text);
                    break;
                case SqlTokenKind.Word:
                    i = EmitWord(tokens, i, output, frames);
                    break;
                default:
                    break;
            }
        }

        return output.ToString();
    }

    private int EmitSymbol(IReadOnlyList<SqlToken> tokens, int i, Output output, Stack<Frame> frames)
    {
        var t = tokens[i];
        switch (t.Text)
        {
            case "(":
                {
                    var previous = i > 0 ? tokens[i - 1] : null;
                    var isCast = previous is not null && (previous.Is("CAST") || previous.Is("TRY_CAST"));
                    var fromIsKeyword = previous is not null && (previous.Is("EXTRACT") || previous.Is("TRIM") || previous.Is("SUBSTRING")
                        || previous.Is("SUBSTR") || previous.Is("POSITION") || previous.Is("OVERLAY"));
                    frames.Push(new Frame(isCast) { FromIsKeyword = fromIsKeyword });
                    output.Add("(");
                    return i;
                }

            case ")":
                if (frames.Count > 1)
                {
                    frames.Pop();
                }

                output.Add(")");
                return i;
            case "==":
                output.Add("=");
                return i;
            case "<=>":
                output.Add("IS NOT DISTINCT FROM");
                return i;
            case "::":
                {
                    var end = TypeEnd(tokens, i + 1);
                    output.Add("::" + SqlTypes.ToDuckDb(TypeText(tokens, i + 1, end)));
                    return end - 1;
                }

            case ".":
                output.Add(".", noSpaceBefore: true);
                output.LastWasDot = true;
                return i;
            case "*" when i + 2 < tokens.Count && tokens[i + 1].Is("EXCEPT") && tokens[i + 2].IsSymbol("("):
                output.Add("*", noSpaceBefore: output.LastWasDot);
                output.Add("EXCLUDE");
                return i + 1;
            case "[" when i + 2 < tokens.Count && tokens[i + 1].Kind == SqlTokenKind.Number && tokens[i + 2].IsSymbol("]")
                && long.TryParse(tokens[i + 1].Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index):
                // Spark arrays are indexed from 0, DuckDB lists from 1.
                output.Add("[" + (index + 1).ToString(CultureInfo.InvariantCulture) + "]", noSpaceBefore: true);
                return i + 2;
            case "?":
                throw new LakehouseException("UNSUPPORTED_FEATURE.POSITIONAL_PARAMETERS", "0A000", "Positional parameter markers (?) are not supported; use named markers (:name).");
            case ";":
                throw SqlErrors.Syntax(";");
            default:
                output.Add(t.Text, noSpaceBefore: t.Text == "*" && output.LastWasDot);
                return i;
        }
    }

    private int EmitWord(IReadOnlyList<SqlToken> tokens, int i, Output output, Stack<Frame> frames)
    {
        var t = tokens[i];
        var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
        var afterDot = output.LastWasDot;
        if (EngineOnlyKeywords.Contains(t.Text) && (next is null || !next.IsSymbol("(")))
        {
            // Plain identifiers to Spark (ANSI off), reserved to DuckDB: quoted so a column named `at` reads unquoted.
            output.Add(Quote(t.Text), noSpaceBefore: afterDot);
            return i;
        }

        if (afterDot)
        {
            output.Add(t.Text, noSpaceBefore: true);
            return i;
        }

        if (next is not null && next.Kind == SqlTokenKind.String)
        {
            if (t.Is("X"))
            {
                output.Add("from_hex(" + Literal(next.Text) + ")");
                return i + 1;
            }

            if (t.Is("TIMESTAMP") || t.Is("TIMESTAMP_LTZ"))
            {
                output.Add("CAST(" + Literal(next.Text) + " AS TIMESTAMPTZ)");
                return i + 1;
            }

            if (t.Is("TIMESTAMP_NTZ"))
            {
                output.Add("CAST(" + Literal(next.Text) + " AS TIMESTAMP)");
                return i + 1;
            }
        }

        if (frames.Peek().IsCast && t.Is("AS"))
        {
            var end = TypeEnd(tokens, i + 1);
            output.Add("AS " + SqlTypes.ToDuckDb(TypeText(tokens, i + 1, end)));
            return end - 1;
        }

        if (t.Is("DIV"))
        {
            output.Add("//");
            return i;
        }

        if (next is not null && next.IsSymbol("("))
        {
            if (Renames.TryGetValue(t.Text, out var renamed))
            {
                output.Add(renamed);
                return i;
            }

            if (Special.Contains(t.Text))
            {
                return EmitSpecialFunction(tokens, i, output);
            }
        }
        else if (t.Is("current_timestamp") || t.Is("current_date"))
        {
            output.Add(t.Text);
            return i;
        }

        output.Add(t.Text);
        return i;
    }

    private int EmitSpecialFunction(IReadOnlyList<SqlToken> tokens, int i, Output output)
    {
        var name = tokens[i].Text.ToLowerInvariant();
        var close = MatchingParen(tokens, i + 1);
        var argTokens = SplitArguments(tokens, i + 2, close);

        // Casting shorthands such as int(x) and string(x).
        var castTarget = name switch
        {
            "int" => "INTEGER",
            "bigint" => "BIGINT",
            "double" => "DOUBLE",
            "float" => "FLOAT",
            "string" => "VARCHAR",
            "boolean" => "BOOLEAN",
            "date" => "DATE",
            "timestamp" => "TIMESTAMPTZ",
            "smallint" => "SMALLINT",
            "tinyint" => "TINYINT",
            "decimal" => "DECIMAL(10,0)",
            _ => null,
        };
        if (castTarget is not null && argTokens.Count == 1)
        {
            output.Add($"CAST({Rewrite(argTokens[0])} AS {castTarget})");
            return close;
        }

        if (name is "named_struct")
        {
            var pairs = new List<string>();
            for (var k = 0; k + 1 < argTokens.Count; k += 2)
            {
                var key = argTokens[k].Count == 1 && argTokens[k][0].Kind == SqlTokenKind.String
                    ? argTokens[k][0].Text
                    : throw SqlErrors.InvalidValue("named_struct field names must be string literals.");
                pairs.Add(Quote(key) + " := " + Rewrite(argTokens[k + 1]));
            }

            output.Add("struct_pack(" + string.Join(", ", pairs) + ")");
            return close;
        }

        if (name is "from_json")
        {
            output.Add(FromJson(argTokens));
            return close;
        }

        if (name is "inline" or "inline_outer")
        {
            output.Add(Inline(name, argTokens));
            return close;
        }

        if (name is "posexplode" && argTokens.Count == 1)
        {
            // Spark's posexplode(array) yields columns pos (from 0) and col; DuckDB zips the two unnests row by row.
            var array = Rewrite(argTokens[0]);
            output.Add($"unnest(CAST(range(0, len({array})) AS INTEGER[])) AS \"pos\", unnest({array}) AS \"col\"");
            return close;
        }

        var args = argTokens.Select(a => Rewrite(a)).ToList();
        string Arg(int n) => n < args.Count ? args[n] : throw SqlErrors.InvalidValue($"Function {name} needs more arguments.");
        var text = name switch
        {
            "current_date" => "current_date",
            "current_timestamp" or "now" => "current_timestamp",
            "datediff" => $"date_diff('day', CAST({Arg(1)} AS DATE), CAST({Arg(0)} AS DATE))",
            "date_add" => $"CAST(CAST({Arg(0)} AS DATE) + CAST({Arg(1)} AS INTEGER) AS DATE)",
            "date_sub" => $"CAST(CAST({Arg(0)} AS DATE) - CAST({Arg(1)} AS INTEGER) AS DATE)",
            "add_months" => $"CAST(CAST({Arg(0)} AS DATE) + to_months(CAST({Arg(1)} AS INTEGER)) AS DATE)",
            "nvl2" => $"(CASE WHEN {Arg(0)} IS NOT NULL THEN {Arg(1)} ELSE {Arg(2)} END)",
            "isnull" => $"(({Arg(0)}) IS NULL)",
            "isnotnull" => $"(({Arg(0)}) IS NOT NULL)",
            "map" => args.Count == 0 ? "MAP()" : $"MAP([{string.Join(", ", args.Where((_, k) => k % 2 == 0))}], [{string.Join(", ", args.Where((_, k) => k % 2 == 1))}])",
            "array" => "[" + string.Join(", ", args) + "]",
            "struct" => "row(" + string.Join(", ", args) + ")",
            "concat" => args.Count == 0 ? "''" : "(" + string.Join(" || ", args) + ")",
            "regexp_extract" => $"regexp_extract({Arg(0)}, {Arg(1)}, {(args.Count > 2 ? args[2] : "1")})",
            "regexp_replace" => $"regexp_replace({Arg(0)}, {Arg(1)}, {Arg(2)}, 'g')",
            "to_date" => args.Count > 1 ? $"CAST(strptime({Arg(0)}, {JavaFormat(argTokens[1])}) AS DATE)" : $"CAST({Arg(0)} AS DATE)",
            "to_timestamp" => args.Count > 1 ? $"CAST(strptime({Arg(0)}, {JavaFormat(argTokens[1])}) AS TIMESTAMPTZ)" : $"CAST({Arg(0)} AS TIMESTAMPTZ)",
            "date_format" => $"strftime({Arg(0)}, {JavaFormat(argTokens[1])})",
            "collect_set" => $"list_distinct(list({Arg(0)}))",
            "uuid" => "CAST(uuid() AS VARCHAR)",
            "locate" => $"instr({Arg(1)}, {Arg(0)})",
            "sha2" => $"sha256({Arg(0)})",
            "unix_timestamp" => args.Count == 0 ? "CAST(epoch(current_timestamp) AS BIGINT)" : $"CAST(epoch(CAST({Arg(0)} AS TIMESTAMPTZ)) AS BIGINT)",
            "from_unixtime" => $"strftime(to_timestamp({Arg(0)}), '%Y-%m-%d %H:%M:%S')",
            "dayofweek" => $"(dayofweek({Arg(0)}) + 1)",
            "element_at" => $"({Arg(0)})[{Arg(1)}]",
            "to_json" => $"CAST(to_json({Arg(0)}) AS VARCHAR)",
            _ => $"{name}({string.Join(", ", args)})",
        };
        output.Add(text);
        return close;
    }

    /// <summary>
    /// Rewrites <c>from_json(jsonStr, schema[, options])</c>: the schema (a string literal or bound parameter) and
    /// the options (a <c>map(…)</c> of string literals) are checked here, as Databricks checks them at analysis;
    /// the engine's <c>__spark_from_json</c> function reads the JSON with Spark's rules and returns canonical JSON
    /// that DuckDB casts exactly to the schema's type.
    /// </summary>
    private string FromJson(List<List<SqlToken>> argTokens)
    {
        if (argTokens.Count is < 2 or > 3)
        {
            throw new LakehouseException("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "42605", string.Create(CultureInfo.InvariantCulture, $"The `from_json` requires [2, 3] parameters but the actual number is {argTokens.Count}."));
        }

        var schemaText = argTokens[1].Count == 1 && argTokens[1][0].Kind is SqlTokenKind.String or SqlTokenKind.Parameter
            ? ConstantString(argTokens[1])
            : throw new LakehouseException("INVALID_SCHEMA.NON_STRING_LITERAL", "42K07", "The input schema is not a valid schema string: it must be a string literal.");
        var schema = JsonToStructs.ParseSchema(schemaText);
        var options = argTokens.Count == 3 ? SparkJsonOptions.Parse(OptionsMap(argTokens[2])) : SparkJsonOptions.Default;
        var json = Rewrite(argTokens[0]);
        return JsonToStructs.CastExpression(schema, $"{SparkJsonFunctions.FromJsonFunction}(CAST({json} AS VARCHAR), {Literal(schemaText)}, {Literal(options.Encode())})");
    }

    private Dictionary<string, string> OptionsMap(List<SqlToken> tokens)
    {
        if (tokens.Count < 3 || !tokens[0].Is("map") || !tokens[1].IsSymbol("(") || MatchingParen(tokens, 1) != tokens.Count - 1)
        {
            throw new LakehouseException("INVALID_OPTIONS.NON_MAP_FUNCTION", "42K06", "Invalid options: must use the `map()` function for options.");
        }

        var entries = SplitArguments(tokens, 2, tokens.Count - 1);
        if (entries.Count % 2 != 0 || entries.Any(e => e.Count != 1 || e[0].Kind is not (SqlTokenKind.String or SqlTokenKind.Parameter)))
        {
            throw new LakehouseException("INVALID_OPTIONS.NON_STRING_TYPE", "42K06", "Invalid options: a type of keys and values in `map()` must be string.");
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < entries.Count; k += 2)
        {
            options[ConstantString(entries[k])] = ConstantString(entries[k + 1]);
        }

        return options;
    }

    /// <summary>
    /// Rewrites the generators <c>inline</c> / <c>inline_outer</c> (an array of structs → one row per element, one
    /// column per field): DuckDB's <c>unnest(…, max_depth := 2)</c> unnests the list and then the struct only, so
    /// nested arrays, maps and structs inside the fields stay whole. A NULL element yields a row of NULLs (Spark
    /// 3.4+). <c>inline_outer</c> yields one row of NULLs for a NULL or empty array.
    /// </summary>
    private string Inline(string name, List<List<SqlToken>> argTokens)
    {
        if (argTokens.Count != 1)
        {
            throw new LakehouseException("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "42605", string.Create(CultureInfo.InvariantCulture, $"The `{name}` requires 1 parameters but the actual number is {argTokens.Count}."));
        }

        var array = Rewrite(argTokens[0]);
        return name == "inline"
            ? $"unnest({array}, max_depth := 2)"
            : $"unnest(CASE WHEN coalesce(len({array}), 0) = 0 THEN [NULL] ELSE {array} END, max_depth := 2)";
    }

    /// <summary>Converts a Java date pattern literal (Spark) to a strftime pattern literal (DuckDB).</summary>
    private static string JavaFormat(IReadOnlyList<SqlToken> tokens)
    {
        if (tokens.Count != 1 || tokens[0].Kind != SqlTokenKind.String)
        {
            throw SqlErrors.Unsupported("a date format that is not a string literal");
        }

        var java = tokens[0].Text;
        var sb = new StringBuilder();
        var i = 0;
        while (i < java.Length)
        {
            var c = java[i];
            var run = 1;
            while (i + run < java.Length && java[i + run] == c)
            {
                run++;
            }

            if (c == '\'')
            {
                var end = java.IndexOf('\'', i + 1);
                end = end < 0 ? java.Length : end;
                sb.Append(java, i + 1, end - i - 1);
                i = end + 1;
                continue;
            }

            sb.Append((c, run) switch
            {
                ('y', 2) => "%y",
                ('y', _) => "%Y",
                ('M', >= 4) => "%B",
                ('M', 3) => "%b",
                ('M', _) => "%m",
                ('d', _) => "%d",
                ('H', _) => "%H",
                ('h', _) => "%I",
                ('m', _) => "%M",
                ('s', _) => "%S",
                ('S', _) => "%g",
                ('a', _) => "%p",
                ('E', >= 4) => "%A",
                ('E', _) => "%a",
                ('D', _) => "%j",
                ('X' or 'Z' or 'x', _) => "%z",
                ('%', _) => new string('%', run * 2),
                _ => new string(c, run),
            });
            i += run;
        }

        return Literal(sb.ToString());
    }

    private int EmitReadFiles(IReadOnlyList<SqlToken> tokens, int i, Output output)
    {
        var close = MatchingParen(tokens, i + 1);
        var args = SplitArguments(tokens, i + 2, close);
        if (args.Count == 0)
        {
            throw SqlErrors.InvalidValue("read_files needs a path.");
        }

        var path = ConstantString(args[0]);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var arg in args.Skip(1))
        {
            if (arg.Count < 3 || !arg[0].IsIdentifier || !arg[1].IsSymbol("=>"))
            {
                throw SqlErrors.Syntax("read_files options are written name => value");
            }

            var value = arg.Count == 3 && arg[2].Kind is SqlTokenKind.Number or SqlTokenKind.Word
                ? arg[2].Text
                : ConstantString(arg.Skip(2).ToList());
            options[arg[0].Text.ToLowerInvariant()] = value;
        }

        output.Add(_resolver.ResolveFiles(path, options));
        return close;
    }

    private string ConstantString(IReadOnlyList<SqlToken> tokens)
    {
        if (tokens.Count == 1 && tokens[0].Kind == SqlTokenKind.String)
        {
            return tokens[0].Text;
        }

        if (tokens.Count == 1 && tokens[0].Kind == SqlTokenKind.Parameter)
        {
            return ParameterText.Require(_parameters, tokens[0].Text);
        }

        throw SqlErrors.InvalidValue("Expected a constant string.");
    }

    private int EmitTableReference(IReadOnlyList<SqlToken> tokens, int i, Output output)
    {
        var parts = new List<string> { tokens[i].Text };
        var j = i + 1;
        while (j + 1 < tokens.Count && tokens[j].IsSymbol(".") && tokens[j + 1].IsIdentifier)
        {
            parts.Add(tokens[j + 1].Text);
            j += 2;
        }

        TimeTravelSpec? travel = null;
        if (j + 1 < tokens.Count && tokens[j].IsSymbol("@"))
        {
            var marker = tokens[j + 1];
            if (marker.Kind == SqlTokenKind.Word && marker.Text.Length > 1 && (marker.Text[0] is 'v' or 'V')
                && long.TryParse(marker.Text.AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                travel = new TimeTravelSpec(v, null);
            }
            else if (marker.Kind == SqlTokenKind.Number && marker.Text.Length == 17
                && DateTime.TryParseExact(marker.Text, "yyyyMMddHHmmssfff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var ts))
            {
                travel = new TimeTravelSpec(null, ts.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
            }
            else
            {
                throw SqlErrors.Syntax("@" + marker.Text);
            }

            j += 2;
        }

        var save = j;
        if (j < tokens.Count && tokens[j].Is("FOR"))
        {
            j++;
        }

        if (j + 3 < tokens.Count && (tokens[j].Is("VERSION") || tokens[j].Is("SYSTEM_VERSION")) && tokens[j + 1].Is("AS") && tokens[j + 2].Is("OF"))
        {
            var value = tokens[j + 3];
            var text = value.Kind == SqlTokenKind.Parameter ? ConstantString([value]) : value.Text;
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                throw SqlErrors.Syntax(value.ToString());
            }

            travel = new TimeTravelSpec(v, null);
            j += 4;
        }
        else if (j + 3 < tokens.Count && (tokens[j].Is("TIMESTAMP") || tokens[j].Is("SYSTEM_TIME")) && tokens[j + 1].Is("AS") && tokens[j + 2].Is("OF"))
        {
            var value = tokens[j + 3];
            if (value.Kind is not (SqlTokenKind.String or SqlTokenKind.Parameter))
            {
                throw SqlErrors.Unsupported("TIMESTAMP AS OF with an expression (use a timestamp string)");
            }

            travel = new TimeTravelSpec(null, ConstantString([value]));
            j += 4;
        }
        else
        {
            j = save;
        }

        var name = new SqlName(parts);
        string relation;
        if (parts.Count == 1 && _cteNames.Contains(parts[0]))
        {
            if (travel is not null)
            {
                throw new LakehouseException("DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS", "0AKDC", "Cannot time travel views, subqueries, streams or change data feed queries.");
            }

            relation = Quote(parts[0]);
        }
        else
        {
            relation = _resolver.ResolveTable(new TableReference(name, travel));
        }

        var next = j < tokens.Count ? tokens[j] : null;
        var hasAlias = next is not null && (next.Is("AS") || next.Kind == SqlTokenKind.QuotedIdentifier
            || (next.Kind == SqlTokenKind.Word && !NotAliases.Contains(next.Text)));
        output.Add(relation);
        if (!hasAlias && relation != Quote(parts[0]))
        {
            output.Add("AS " + Quote(parts[^1]));
        }

        return j - 1;
    }

    private string BindParameter(string name)
    {
        if (!_parameters.TryGetValue(name, out var p))
        {
            throw SqlErrors.UnboundParameter(name);
        }

        var type = p.Type is null ? null : SqlTypes.ToDuckDb(p.Type);
        if (p.Value is { } text && text.Contains('\0', StringComparison.Ordinal))
        {
            // DuckDB.NET hands strings to DuckDB NUL-terminated, which would cut the value at its first NUL;
            // such text travels as UTF-8 bytes and is decoded back to VARCHAR.
            _bound[name] = Encoding.UTF8.GetBytes(text);
            return type is null or "VARCHAR" ? $"decode(${name})" : $"CAST(decode(${name}) AS {type})";
        }

        _bound[name] = p.Value;
        return type is null or "VARCHAR" && p.Value is not null ? "$" + name : $"CAST(${name} AS {type ?? "VARCHAR"})";
    }

    private void CollectCteNames(IReadOnlyList<SqlToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].Is("WITH"))
            {
                continue;
            }

            var j = i + 1;
            if (j < tokens.Count && tokens[j].Is("RECURSIVE"))
            {
                j++;
            }

            while (j < tokens.Count && tokens[j].IsIdentifier)
            {
                var name = tokens[j].Text;
                j++;
                if (j < tokens.Count && tokens[j].IsSymbol("("))
                {
                    j = MatchingParen(tokens, j) + 1;
                }

                if (j >= tokens.Count || !tokens[j].Is("AS"))
                {
                    break;
                }

                _cteNames.Add(name);
                j++;
                if (j >= tokens.Count || !tokens[j].IsSymbol("("))
                {
                    break;
                }

                j = MatchingParen(tokens, j) + 1;
                if (j < tokens.Count && tokens[j].IsSymbol(","))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }
        }
    }

    private static int MatchingParen(IReadOnlyList<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var k = open; k < tokens.Count; k++)
        {
            if (tokens[k].IsSymbol("("))
            {
                depth++;
            }
            else if (tokens[k].IsSymbol(")"))
            {
                depth--;
                if (depth == 0)
                {
                    return k;
                }
            }
        }

        throw SqlErrors.Syntax("end of input: missing ')'");
    }

    private static List<List<SqlToken>> SplitArguments(IReadOnlyList<SqlToken> tokens, int start, int end)
    {
        var result = new List<List<SqlToken>>();
        if (start >= end)
        {
            return result;
        }

        var current = new List<SqlToken>();
        var depth = 0;
        for (var k = start; k < end; k++)
        {
            var t = tokens[k];
            if (t.IsSymbol("(") || t.IsSymbol("["))
            {
                depth++;
            }
            else if (t.IsSymbol(")") || t.IsSymbol("]"))
            {
                depth--;
            }

            if (depth == 0 && t.IsSymbol(","))
            {
                result.Add(current);
                current = [];
                continue;
            }

            current.Add(t);
        }

        result.Add(current);
        if (result.Any(a => a.Count == 0))
        {
            throw SqlErrors.Syntax(",");
        }

        return result;
    }

    /// <summary>Finds where a type that starts at <paramref name="start"/> ends (exclusive).</summary>
    private static int TypeEnd(IReadOnlyList<SqlToken> tokens, int start)
    {
        if (start >= tokens.Count || !tokens[start].IsIdentifier)
        {
            throw SqlErrors.Syntax(start < tokens.Count ? tokens[start].ToString() : "end of input");
        }

        var k = start + 1;
        if (k < tokens.Count && tokens[k].IsSymbol("("))
        {
            return MatchingParen(tokens, k) + 1;
        }

        if (k < tokens.Count && tokens[k].IsSymbol("<"))
        {
            var depth = 0;
            for (; k < tokens.Count; k++)
            {
                if (tokens[k].IsSymbol("<"))
                {
                    depth++;
                }
                else if (tokens[k].IsSymbol(">"))
                {
                    depth--;
                    if (depth == 0)
                    {
                        return k + 1;
                    }
                }
            }

            throw SqlErrors.Syntax("end of input: missing '>'");
        }

        return k;
    }

    private static string TypeText(IReadOnlyList<SqlToken> tokens, int start, int end)
    {
        var sb = new StringBuilder();
        for (var k = start; k < end; k++)
        {
            var t = tokens[k];
            if (sb.Length > 0 && t.IsIdentifier && tokens[k - 1].IsIdentifier)
            {
                sb.Append(' ');
            }

            sb.Append(t.Kind switch
            {
                SqlTokenKind.Parameter => ": " + t.Text,
                SqlTokenKind.QuotedIdentifier => "`" + t.Text.Replace("`", "``", StringComparison.Ordinal) + "`",
                _ => t.Text,
            });
        }

        return sb.ToString();
    }

    private sealed class Frame(bool isCast)
    {
        public bool IsCast { get; } = isCast;

        public bool InFrom { get; set; }

        public bool FromIsKeyword { get; init; }
    }

    private sealed class Output
    {
        private readonly StringBuilder _sb = new();

        public bool LastWasDot { get; set; }

        public void Add(string text, bool noSpaceBefore = false)
        {
            if (_sb.Length > 0 && !noSpaceBefore)
            {
                _sb.Append(' ');
            }

            _sb.Append(text);
            LastWasDot = false;
        }

        public override string ToString() => _sb.ToString();
    }
}

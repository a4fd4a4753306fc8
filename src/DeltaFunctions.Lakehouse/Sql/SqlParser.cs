using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>
/// A recursive-descent parser for the Databricks SQL statements the engine runs. Query bodies and expressions are
/// kept as token fragments; <see cref="SqlRewriter"/> turns them into DuckDB SQL.
/// </summary>
internal sealed class SqlParser
{
    private static readonly string[] QueryStarts = ["SELECT", "WITH", "VALUES", "FROM", "TABLE"];

    private readonly List<SqlToken> _tokens;
    private int _pos;

    private readonly IReadOnlyDictionary<string, LakehouseParameter> _parameters;

    private SqlParser(List<SqlToken> tokens, IReadOnlyDictionary<string, LakehouseParameter> parameters)
    {
        _tokens = tokens;
        _parameters = parameters;
    }

    private SqlToken Current => _tokens[_pos];

    /// <summary>Parses one statement (a trailing semicolon is allowed).</summary>
    /// <param name="text">The statement text.</param>
    /// <param name="parameters">The bound parameters; <c>IDENTIFIER(:p)</c> is resolved from them.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="LakehouseException">PARSE_SYNTAX_ERROR and friends.</exception>
    public static SqlStatement Parse(string text, IReadOnlyDictionary<string, LakehouseParameter> parameters)
    {
        var tokens = ExpandIdentifierClauses(SqlLexer.Tokenize(text), parameters);
        var parser = new SqlParser(tokens, parameters);
        var statement = parser.ParseStatement();
        parser.Accept(";");
        if (parser.Current.Kind != SqlTokenKind.End)
        {
            throw SqlErrors.Syntax(parser.Current.ToString());
        }

        return statement;
    }

    /// <summary>Splits a script into statement texts at semicolons outside quotes and comments.</summary>
    /// <param name="script">The script.</param>
    /// <returns>The non-empty statement texts.</returns>
    public static IReadOnlyList<string> SplitScript(string script)
    {
        var tokens = SqlLexer.Tokenize(script);
        var result = new List<string>();
        var start = 0;
        foreach (var token in tokens)
        {
            if (token.IsSymbol(";") || token.Kind == SqlTokenKind.End)
            {
                var piece = script[start..token.Position].Trim();
                if (SqlLexer.Tokenize(piece).Count > 1)
                {
                    result.Add(piece);
                }

                start = token.Position + 1;
            }
        }

        return result;
    }

    /// <summary>
    /// Replaces each <c>IDENTIFIER(expr)</c> with the name it denotes, where expr concatenates string literals
    /// and parameter markers with <c>||</c>.
    /// </summary>
    private static List<SqlToken> ExpandIdentifierClauses(List<SqlToken> tokens, IReadOnlyDictionary<string, LakehouseParameter> parameters)
    {
        var result = new List<SqlToken>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (!t.Is("IDENTIFIER") || i + 1 >= tokens.Count || !tokens[i + 1].IsSymbol("("))
            {
                result.Add(t);
                continue;
            }

            var text = new StringBuilder();
            var j = i + 2;
            var expectValue = true;
            for (; j < tokens.Count && !tokens[j].IsSymbol(")"); j++)
            {
                var part = tokens[j];
                if (expectValue && part.Kind == SqlTokenKind.String)
                {
                    text.Append(part.Text);
                }
                else if (expectValue && part.Kind == SqlTokenKind.Parameter)
                {
                    if (!parameters.TryGetValue(part.Text, out var p))
                    {
                        throw SqlErrors.UnboundParameter(part.Text);
                    }

                    text.Append(p.Value ?? throw SqlErrors.InvalidValue($"IDENTIFIER() got a NULL value from :{part.Text}."));
                }
                else if (!expectValue && part.IsSymbol("||"))
                {
                    // concatenation
                }
                else
                {
                    throw new LakehouseException("NOT_A_CONSTANT_STRING.WRONG_TYPE", "42601", "The expression used for the routine or clause IDENTIFIER must be a constant STRING which is NOT NULL.");
                }

                expectValue = !expectValue;
            }

            if (j >= tokens.Count || expectValue)
            {
                throw SqlErrors.Syntax("IDENTIFIER");
            }

            var parts = SplitName(text.ToString());
            for (var k = 0; k < parts.Count; k++)
            {
                if (k > 0)
                {
                    result.Add(new SqlToken(SqlTokenKind.Symbol, ".", t.Position));
                }

                result.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, parts[k], t.Position));
            }

            i = j;
        }

        return result;
    }

    /// <summary>Splits a qualified name such as <c>main.`my-s`.t</c> into parts.</summary>
    /// <param name="name">The name text.</param>
    /// <returns>The parts.</returns>
    internal static List<string> SplitName(string name)
    {
        var tokens = SqlLexer.Tokenize(name);
        var parts = new List<string>();
        var i = 0;
        while (true)
        {
            var t = tokens[i];
            if (!t.IsIdentifier)
            {
                throw new LakehouseException("INVALID_IDENTIFIER", "42602", $"The identifier {name} is invalid.");
            }

            parts.Add(t.Text);
            i++;
            if (tokens[i].Kind == SqlTokenKind.End)
            {
                return parts;
            }

            if (!tokens[i].IsSymbol("."))
            {
                throw new LakehouseException("INVALID_IDENTIFIER", "42602", $"The identifier {name} is invalid.");
            }

            i++;
        }
    }

    private SqlStatement ParseStatement()
    {
        var t = Current;
        if (QueryStarts.Any(t.Is) || t.IsSymbol("("))
        {
            return new QueryStatement(TakeRest());
        }

        if (t.Is("CREATE"))
        {
            return ParseCreate();
        }

        if (t.Is("DROP"))
        {
            return ParseDrop();
        }

        if (t.Is("SHOW"))
        {
            return ParseShow();
        }

        if (t.Is("DESCRIBE") || t.Is("DESC"))
        {
            return ParseDescribe();
        }

        if (t.Is("INSERT"))
        {
            return ParseInsert();
        }

        if (t.Is("UPDATE"))
        {
            return ParseUpdate();
        }

        if (t.Is("DELETE"))
        {
            return ParseDelete();
        }

        if (t.Is("MERGE"))
        {
            return ParseMerge();
        }

        if (t.Is("ALTER"))
        {
            return ParseAlter();
        }

        if (t.Is("OPTIMIZE"))
        {
            return ParseOptimize();
        }

        if (t.Is("VACUUM"))
        {
            return ParseVacuum();
        }

        if (t.Is("RESTORE"))
        {
            return ParseRestore();
        }

        if (t.Is("SET"))
        {
            return ParseSet();
        }

        if (t.Is("USE"))
        {
            return ParseUse();
        }

        throw SqlErrors.Syntax(t.ToString());
    }

    private CreateTableStatement ParseCreateTable(bool orReplace)
    {
        var ifNotExists = AcceptAll("IF", "NOT", "EXISTS");
        var name = ParseName();
        List<ColumnDefinition>? columns = null;
        if (Current.IsSymbol("("))
        {
            columns = ParseColumnList();
        }

        var partitions = new List<string>();
        ClusterBySpec? clusterBy = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        string? location = null;
        string? comment = null;
        SqlFragment? asQuery = null;
        while (Current.Kind != SqlTokenKind.End && !Current.IsSymbol(";"))
        {
            if (Accept("USING"))
            {
                var format = ExpectIdentifier();
                if (!format.Equals("DELTA", StringComparison.OrdinalIgnoreCase))
                {
                    throw SqlErrors.Unsupported($"table format {format} (only DELTA)");
                }
            }
            else if (AcceptAll("PARTITIONED", "BY"))
            {
                Expect("(");
                do
                {
                    partitions.Add(ExpectIdentifier());
                }
                while (Accept(","));
                Expect(")");
            }
            else if (AcceptAll("CLUSTER", "BY"))
            {
                clusterBy = ParseClusterBy();
            }
            else if (Accept("LOCATION"))
            {
                location = ExpectString();
            }
            else if (Accept("COMMENT"))
            {
                comment = ExpectString();
            }
            else if (Accept("TBLPROPERTIES"))
            {
                foreach (var (k, v) in ParseProperties())
                {
                    properties[k] = v;
                }
            }
            else if (Accept("AS"))
            {
                asQuery = TakeRest();
            }
            else if (QueryStarts.Any(Current.Is) || Current.IsSymbol("("))
            {
                asQuery = TakeRest();
            }
            else
            {
                throw SqlErrors.Syntax(Current.ToString());
            }
        }

        return new CreateTableStatement(name, orReplace, ifNotExists, columns, partitions, properties, location, comment, asQuery, clusterBy);
    }

    /// <summary>Parses what follows <c>CLUSTER BY</c>: <c>(col, …)</c>, <c>AUTO</c> or <c>NONE</c>.</summary>
    private ClusterBySpec ParseClusterBy()
    {
        if (Accept("AUTO"))
        {
            return new ClusterBySpec([], Auto: true);
        }

        if (Accept("NONE"))
        {
            return new ClusterBySpec([], Auto: false);
        }

        return new ClusterBySpec(ParseIdentifierList(), Auto: false);
    }

    private SqlStatement ParseCreate()
    {
        Expect("CREATE");
        var orReplace = AcceptAll("OR", "REPLACE");
        if (Accept("TABLE"))
        {
            return ParseCreateTable(orReplace);
        }

        if (orReplace)
        {
            throw SqlErrors.Syntax(Current.ToString());
        }

        if (Accept("CATALOG"))
        {
            var ifNotExists = AcceptAll("IF", "NOT", "EXISTS");
            var name = ExpectIdentifier();
            return new CreateCatalogStatement(name, ifNotExists, ParseTrailingComment());
        }

        if (Accept("SCHEMA") || Accept("DATABASE"))
        {
            var ifNotExists = AcceptAll("IF", "NOT", "EXISTS");
            var name = ParseName();
            return new CreateSchemaStatement(name, ifNotExists, ParseTrailingComment());
        }

        Accept("MANAGED");
        if (Accept("VOLUME"))
        {
            var ifNotExists = AcceptAll("IF", "NOT", "EXISTS");
            var name = ParseName();
            return new CreateVolumeStatement(name, ifNotExists, ParseTrailingComment());
        }

        throw SqlErrors.Syntax(Current.ToString());
    }

    private string? ParseTrailingComment()
    {
        string? comment = null;
        while (Accept("COMMENT"))
        {
            comment = ExpectString();
        }

        return comment;
    }

    private DropStatement ParseDrop()
    {
        Expect("DROP");
        DropKind kind;
        if (Accept("TABLE"))
        {
            kind = DropKind.Table;
        }
        else if (Accept("SCHEMA") || Accept("DATABASE"))
        {
            kind = DropKind.Schema;
        }
        else if (Accept("CATALOG"))
        {
            kind = DropKind.Catalog;
        }
        else if (Accept("VOLUME"))
        {
            kind = DropKind.Volume;
        }
        else
        {
            throw SqlErrors.Syntax(Current.ToString());
        }

        var ifExists = AcceptAll("IF", "EXISTS");
        var name = ParseName();
        var cascade = Accept("CASCADE");
        Accept("RESTRICT");
        return new DropStatement(kind, name, ifExists, cascade);
    }

    private SqlStatement ParseShow()
    {
        Expect("SHOW");
        if (Accept("CATALOGS"))
        {
            return new ShowCatalogsStatement(ParseLike());
        }

        if (Accept("SCHEMAS") || Accept("DATABASES"))
        {
            string? catalog = null;
            if (Accept("IN") || Accept("FROM"))
            {
                catalog = ExpectIdentifier();
            }

            return new ShowSchemasStatement(catalog, ParseLike());
        }

        if (Accept("TABLES"))
        {
            SqlName? schema = null;
            if (Accept("IN") || Accept("FROM"))
            {
                schema = ParseName();
            }

            return new ShowTablesStatement(schema, ParseLike());
        }

        if (Accept("TBLPROPERTIES"))
        {
            return new ShowTablePropertiesStatement(ParseName());
        }

        throw SqlErrors.Syntax(Current.ToString());
    }

    private string? ParseLike()
    {
        if (Accept("LIKE"))
        {
            return ExpectString();
        }

        return Current.Kind == SqlTokenKind.String ? ExpectString() : null;
    }

    private SqlStatement ParseDescribe()
    {
        Advance();
        if (Accept("HISTORY"))
        {
            var table = ParseName();
            int? limit = null;
            if (Accept("LIMIT"))
            {
                limit = (int)ExpectInteger();
            }

            return new DescribeHistoryStatement(table, limit);
        }

        if (Accept("DETAIL"))
        {
            return new DescribeDetailStatement(ParseName());
        }

        Accept("TABLE");
        var extended = Accept("EXTENDED") || Accept("FORMATTED");
        return new DescribeTableStatement(ParseName(), extended);
    }

    private InsertStatement ParseInsert()
    {
        Expect("INSERT");
        bool overwrite;
        if (Accept("OVERWRITE"))
        {
            overwrite = true;
            Accept("TABLE");
        }
        else
        {
            Expect("INTO");
            Accept("TABLE");
            overwrite = false;
        }

        var table = ParseName();
        List<string>? columns = null;
        var byName = false;
        SqlFragment? replaceWhere = null;
        if (Current.IsSymbol("(") && !IsQueryAhead(1))
        {
            columns = ParseIdentifierList();
        }

        if (AcceptAll("BY", "NAME"))
        {
            byName = true;
        }

        if (AcceptAll("REPLACE", "WHERE"))
        {
            replaceWhere = TakeUntil(QueryStarts);
        }

        if (!(QueryStarts.Any(Current.Is) || Current.IsSymbol("(")))
        {
            throw SqlErrors.Syntax(Current.ToString());
        }

        return new InsertStatement(table, overwrite, columns, byName, replaceWhere, TakeRest());
    }

    private bool IsQueryAhead(int offset)
    {
        var t = _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];
        return QueryStarts.Any(t.Is) || t.IsSymbol("(");
    }

    private UpdateStatement ParseUpdate()
    {
        Expect("UPDATE");
        var table = ParseName();
        var alias = ParseOptionalAlias("SET");
        Expect("SET");
        var assignments = ParseAssignments("WHERE");
        SqlFragment? where = null;
        if (Accept("WHERE"))
        {
            where = TakeRest();
        }

        return new UpdateStatement(table, alias, assignments, where);
    }

    private DeleteStatement ParseDelete()
    {
        Expect("DELETE");
        Expect("FROM");
        var table = ParseName();
        var alias = ParseOptionalAlias("WHERE");
        SqlFragment? where = null;
        if (Accept("WHERE"))
        {
            where = TakeRest();
        }

        return new DeleteStatement(table, alias, where);
    }

    private string? ParseOptionalAlias(params string[] stops)
    {
        if (Accept("AS"))
        {
            return ExpectIdentifier();
        }

        if (Current.IsIdentifier && !stops.Any(Current.Is))
        {
            return ExpectIdentifier();
        }

        return null;
    }

    private List<SqlAssignment> ParseAssignments(params string[] stops)
    {
        var result = new List<SqlAssignment>();
        do
        {
            var column = ParseName();
            Expect("=");
            if (Current.Is("DEFAULT") && (_tokens[_pos + 1].IsSymbol(",") || _tokens[_pos + 1].Kind == SqlTokenKind.End
                || _tokens[_pos + 1].IsSymbol(";") || stops.Any(_tokens[_pos + 1].Is)))
            {
                Advance();
                result.Add(new SqlAssignment(column.ToString(), null));
            }
            else
            {
                result.Add(new SqlAssignment(string.Join('.', column.Parts), TakeUntil([.. stops, ","])));
            }
        }
        while (Accept(","));
        return result;
    }

    private MergeStatement ParseMerge()
    {
        Expect("MERGE");
        var evolve = AcceptAll("WITH", "SCHEMA", "EVOLUTION");
        Expect("INTO");
        var target = ParseName();
        var targetAlias = ParseOptionalAlias("USING");
        Expect("USING");
        SqlName? sourceTable = null;
        TimeTravelSpec? sourceTravel = null;
        SqlFragment? sourceQuery = null;
        if (Current.IsSymbol("("))
        {
            Advance();
            sourceQuery = TakeUntil([")"]);
            Expect(")");
        }
        else
        {
            sourceTable = ParseName();
            sourceTravel = ParseTimeTravel();
        }

        var sourceAlias = ParseOptionalAlias("ON");
        Expect("ON");
        var on = TakeUntil(["WHEN"]);
        var clauses = new List<MergeClause>();
        while (Accept("WHEN"))
        {
            clauses.Add(ParseMergeClause());
        }

        if (clauses.Count == 0)
        {
            throw SqlErrors.Syntax(Current.ToString());
        }

        return new MergeStatement(target, targetAlias, sourceTable, sourceTravel, sourceQuery, sourceAlias, on, clauses, evolve);
    }

    private MergeClause ParseMergeClause()
    {
        MergeMatchKind match;
        if (Accept("MATCHED"))
        {
            match = MergeMatchKind.Matched;
        }
        else
        {
            Expect("NOT");
            Expect("MATCHED");
            match = MergeMatchKind.NotMatchedByTarget;
            if (Accept("BY"))
            {
                if (Accept("SOURCE"))
                {
                    match = MergeMatchKind.NotMatchedBySource;
                }
                else
                {
                    Expect("TARGET");
                }
            }
        }

        SqlFragment? condition = null;
        if (Accept("AND"))
        {
            condition = TakeUntil(["THEN"]);
        }

        Expect("THEN");
        if (match != MergeMatchKind.NotMatchedByTarget)
        {
            if (Accept("DELETE"))
            {
                return new MergeClause(match, condition, MergeActionKind.Delete, [], [], []);
            }

            Expect("UPDATE");
            Expect("SET");
            if (match == MergeMatchKind.Matched && Accept("*"))
            {
                return new MergeClause(match, condition, MergeActionKind.UpdateAll, [], [], [], ParseStarExcept());
            }

            return new MergeClause(match, condition, MergeActionKind.Update, ParseAssignments("WHEN"), [], []);
        }

        Expect("INSERT");
        if (Accept("*"))
        {
            return new MergeClause(match, condition, MergeActionKind.InsertAll, [], [], [], ParseStarExcept());
        }

        var columns = ParseIdentifierList();
        Expect("VALUES");
        Expect("(");
        var values = new List<SqlFragment>();
        do
        {
            values.Add(TakeUntil([",", ")"]));
        }
        while (Accept(","));
        Expect(")");
        if (values.Count != columns.Count)
        {
            throw new LakehouseException("DELTA_MERGE_INSERT_COLUMN_COUNT", "42802", $"INSERT lists {columns.Count} columns but {values.Count} values.");
        }

        return new MergeClause(match, condition, MergeActionKind.Insert, [], columns, values);
    }

    /// <summary>Parses the optional <c>EXCEPT (col, …)</c> after <c>UPDATE SET *</c> or <c>INSERT *</c>.</summary>
    private List<string>? ParseStarExcept() => Accept("EXCEPT") ? ParseIdentifierList() : null;

    private SqlStatement ParseAlter()
    {
        Expect("ALTER");
        Expect("TABLE");
        var table = ParseName();
        if (Accept("ADD"))
        {
            if (!Accept("COLUMNS"))
            {
                Expect("COLUMN");
            }

            List<ColumnDefinition> columns;
            if (Current.IsSymbol("("))
            {
                columns = ParseColumnList();
            }
            else
            {
                columns = [ParseColumnDefinition()];
            }

            return new AlterTableAddColumnsStatement(table, columns);
        }

        if (Accept("ALTER") || Accept("CHANGE"))
        {
            Accept("COLUMN");
            var column = string.Join('.', ParseName().Parts);
            Expect("TYPE");
            return new AlterColumnTypeStatement(table, column, ParseTypeText());
        }

        if (AcceptAll("SET", "TBLPROPERTIES"))
        {
            return new AlterTableSetPropertiesStatement(table, ParseProperties());
        }

        if (AcceptAll("CLUSTER", "BY"))
        {
            return new AlterTableClusterByStatement(table, ParseClusterBy());
        }

        foreach (var setting in new[] { "ENABLE", "DISABLE", "INHERIT" })
        {
            if (AcceptAll(setting, "PREDICTIVE", "OPTIMIZATION"))
            {
                return new AlterTablePredictiveOptimizationStatement(table, setting);
            }
        }

        throw SqlErrors.Syntax(Current.ToString());
    }

    private OptimizeStatement ParseOptimize()
    {
        Expect("OPTIMIZE");
        var table = ParseName();
        var full = Accept("FULL");
        SqlFragment? where = null;
        var zorder = new List<string>();
        if (Accept("WHERE"))
        {
            where = TakeUntil(["ZORDER"]);
        }

        if (AcceptAll("ZORDER", "BY"))
        {
            if (Current.IsSymbol("("))
            {
                zorder = ParseIdentifierList();
            }
            else
            {
                do
                {
                    zorder.Add(ExpectIdentifier());
                }
                while (Accept(","));
            }
        }

        return new OptimizeStatement(table, where, zorder, full);
    }

    private VacuumStatement ParseVacuum()
    {
        Expect("VACUUM");
        var table = ParseName();
        double? retain = null;
        var dryRun = false;
        if (Accept("LITE") || Accept("FULL"))
        {
            // LITE and FULL differ only in how files are found; both delete the same set here.
        }

        if (Accept("RETAIN"))
        {
            var number = Current;
            if (number.Kind != SqlTokenKind.Number)
            {
                throw SqlErrors.Syntax(number.ToString());
            }

            Advance();
            retain = double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!Accept("HOURS"))
            {
                Expect("HOUR");
            }
        }

        if (AcceptAll("DRY", "RUN"))
        {
            dryRun = true;
        }

        return new VacuumStatement(table, retain, dryRun);
    }

    private RestoreStatement ParseRestore()
    {
        Expect("RESTORE");
        Accept("TABLE");
        var table = ParseName();
        Expect("TO");
        return new RestoreStatement(table, ParseTimeTravel() ?? throw SqlErrors.Syntax(Current.ToString()));
    }

    private SetStatement ParseSet()
    {
        Expect("SET");
        var key = new StringBuilder();
        while (Current.Kind != SqlTokenKind.End && !Current.IsSymbol("=") && !Current.IsSymbol(";"))
        {
            key.Append(Current.Text);
            Advance();
        }

        if (key.Length == 0)
        {
            throw SqlErrors.Syntax(Current.ToString());
        }

        if (!Accept("="))
        {
            return new SetStatement(key.ToString(), null);
        }

        var value = new StringBuilder();
        while (Current.Kind != SqlTokenKind.End && !Current.IsSymbol(";"))
        {
            value.Append(Current.Text);
            Advance();
        }

        return new SetStatement(key.ToString(), value.ToString());
    }

    private UseStatement ParseUse()
    {
        Expect("USE");
        if (Accept("CATALOG"))
        {
            return new UseStatement(ExpectIdentifier(), null);
        }

        if (!Accept("SCHEMA"))
        {
            Accept("DATABASE");
        }

        var name = ParseName();
        return name.Parts.Count switch
        {
            1 => new UseStatement(null, name.Parts[0]),
            2 => new UseStatement(name.Parts[0], name.Parts[1]),
            _ => throw SqlErrors.Syntax(name.ToString()),
        };
    }

    /// <summary>Parses <c>VERSION AS OF n</c>, <c>TIMESTAMP AS OF 'ts'</c> (and the SYSTEM_ forms) if present.</summary>
    private TimeTravelSpec? ParseTimeTravel()
    {
        // A bound parameter marker stands for its value here, as in SELECT's time travel (the client binds them).
        if ((Accept("VERSION") || Accept("SYSTEM_VERSION")) && AcceptAll("AS", "OF"))
        {
            if (Current.Kind == SqlTokenKind.Parameter)
            {
                var text = ExpectParameterValue();
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version)
                    ? new TimeTravelSpec(version, null)
                    : throw SqlErrors.InvalidValue($"VERSION AS OF needs an integer version, not '{text}'.");
            }

            return new TimeTravelSpec(ExpectInteger(), null);
        }

        if ((Accept("TIMESTAMP") || Accept("SYSTEM_TIME")) && AcceptAll("AS", "OF"))
        {
            return new TimeTravelSpec(null, Current.Kind == SqlTokenKind.Parameter ? ExpectParameterValue() : ExpectString());
        }

        return null;
    }

    private List<ColumnDefinition> ParseColumnList()
    {
        Expect("(");
        var columns = new List<ColumnDefinition>();
        do
        {
            columns.Add(ParseColumnDefinition());
        }
        while (Accept(","));
        Expect(")");
        return columns;
    }

    private ColumnDefinition ParseColumnDefinition()
    {
        var name = ExpectIdentifier();
        var type = ParseTypeText();
        var nullable = true;
        string? comment = null;
        while (true)
        {
            if (AcceptAll("NOT", "NULL"))
            {
                nullable = false;
            }
            else if (Accept("NULL"))
            {
                nullable = true;
            }
            else if (Accept("COMMENT"))
            {
                comment = ExpectString();
            }
            else if (Accept("FIRST") || Accept("AFTER"))
            {
                throw SqlErrors.Unsupported("FIRST / AFTER column positions");
            }
            else if (Current.Is("DEFAULT") || Current.Is("GENERATED"))
            {
                throw SqlErrors.Unsupported($"column {Current.Text.ToUpperInvariant()} clause");
            }
            else
            {
                return new ColumnDefinition(name, type, nullable, comment);
            }
        }
    }

    /// <summary>Reads a type such as <c>DECIMAL(10, 2)</c> or <c>ARRAY&lt;STRUCT&lt;a: INT&gt;&gt;</c> as text.</summary>
    private string ParseTypeText()
    {
        var sb = new StringBuilder(ExpectIdentifier());
        if (Current.IsSymbol("("))
        {
            while (!Current.IsSymbol(")"))
            {
                if (Current.Kind == SqlTokenKind.End)
                {
                    throw SqlErrors.Syntax(Current.ToString());
                }

                sb.Append(Current.IsSymbol(",") ? "," : Current.Text);
                Advance();
            }

            sb.Append(')');
            Advance();
        }
        else if (Current.IsSymbol("<"))
        {
            var depth = 0;
            SqlToken? previous = null;
            do
            {
                var t = Current;
                if (t.Kind == SqlTokenKind.End)
                {
                    throw SqlErrors.Syntax(t.ToString());
                }

                if (t.IsSymbol("<"))
                {
                    depth++;
                }
                else if (t.IsSymbol(">"))
                {
                    depth--;
                }

                if (t.Kind == SqlTokenKind.Parameter)
                {
                    sb.Append(": ").Append(t.Text);
                }
                else if (t.IsSymbol(",") || t.IsSymbol(":"))
                {
                    sb.Append(t.Text).Append(' ');
                }
                else
                {
                    if (previous is { IsIdentifier: true } && t.IsIdentifier)
                    {
                        sb.Append(' ');
                    }

                    sb.Append(t.Kind == SqlTokenKind.QuotedIdentifier ? "`" + t.Text.Replace("`", "``", StringComparison.Ordinal) + "`" : t.Text);
                }

                previous = t;
                Advance();
            }
            while (depth > 0);
        }

        return sb.ToString();
    }

    private Dictionary<string, string> ParseProperties()
    {
        Expect("(");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Accept(")"))
        {
            return result;
        }

        do
        {
            string key;
            if (Current.Kind == SqlTokenKind.String)
            {
                key = ExpectString();
            }
            else
            {
                key = string.Join('.', ParseName().Parts);
            }

            Accept("=");
            var v = Current;
            if (v.Kind is SqlTokenKind.String or SqlTokenKind.Number || v.Is("TRUE") || v.Is("FALSE"))
            {
                Advance();
                result[key] = v.Kind == SqlTokenKind.Word ? v.Text.ToLowerInvariant() : v.Text;
            }
            else
            {
                throw SqlErrors.Syntax(v.ToString());
            }
        }
        while (Accept(","));
        Expect(")");
        return result;
    }

    private List<string> ParseIdentifierList()
    {
        Expect("(");
        var result = new List<string>();
        do
        {
            result.Add(string.Join('.', ParseName().Parts));
        }
        while (Accept(","));
        Expect(")");
        return result;
    }

    /// <summary>Parses a dotted name; <c>@v12</c> and time-travel suffixes are left for the caller.</summary>
    private SqlName ParseName()
    {
        var parts = new List<string> { ExpectIdentifier() };
        while (Current.IsSymbol(".") && _tokens[_pos + 1].IsIdentifier)
        {
            Advance();
            parts.Add(ExpectIdentifier());
        }

        if (parts.Count > 3)
        {
            throw new LakehouseException("REQUIRES_SINGLE_PART_NAMESPACE", "42K05", $"The name {string.Join('.', parts)} has too many parts.");
        }

        return new SqlName(parts);
    }

    /// <summary>Takes every token up to the end of the statement (a trailing semicolon excluded).</summary>
    private SqlFragment TakeRest() => TakeUntil([]);

    /// <summary>Takes tokens until one of the stop words or symbols at nesting depth zero (CASE … END counted).</summary>
    private SqlFragment TakeUntil(string[] stops)
    {
        var result = new List<SqlToken>();
        var depth = 0;
        var caseDepth = 0;
        while (true)
        {
            var t = Current;
            if (t.Kind == SqlTokenKind.End || (t.IsSymbol(";") && depth == 0))
            {
                break;
            }

            if (depth == 0 && caseDepth == 0 && stops.Any(s => t.Is(s) || t.IsSymbol(s)))
            {
                break;
            }

            if (t.IsSymbol("(") || t.IsSymbol("["))
            {
                depth++;
            }
            else if (t.IsSymbol(")") || t.IsSymbol("]"))
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (t.Is("CASE"))
            {
                caseDepth++;
            }
            else if (t.Is("END") && caseDepth > 0)
            {
                caseDepth--;
            }

            result.Add(t);
            Advance();
        }

        if (result.Count == 0)
        {
            throw SqlErrors.Syntax(Current.ToString());
        }

        return new SqlFragment(result);
    }

    private void Advance()
    {
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }
    }

    private bool Accept(string keywordOrSymbol)
    {
        if (Current.Is(keywordOrSymbol) || Current.IsSymbol(keywordOrSymbol))
        {
            Advance();
            return true;
        }

        return false;
    }

    private bool AcceptAll(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            var t = _tokens[Math.Min(_pos + i, _tokens.Count - 1)];
            if (!t.Is(words[i]) && !t.IsSymbol(words[i]))
            {
                return false;
            }
        }

        _pos += words.Length;
        return true;
    }

    private void Expect(string keywordOrSymbol)
    {
        if (!Accept(keywordOrSymbol))
        {
            throw SqlErrors.Syntax(Current.ToString());
        }
    }

    private string ExpectIdentifier()
    {
        var t = Current;
        if (!t.IsIdentifier)
        {
            throw SqlErrors.Syntax(t.ToString());
        }

        Advance();
        return t.Text;
    }

    private string ExpectString()
    {
        var t = Current;
        if (t.Kind != SqlTokenKind.String)
        {
            throw SqlErrors.Syntax(t.ToString());
        }

        Advance();
        return t.Text;
    }

    private string ExpectParameterValue()
    {
        var value = ParameterText.Require(_parameters, Current.Text);
        Advance();
        return value;
    }

    private long ExpectInteger()
    {
        var t = Current;
        if (t.Kind != SqlTokenKind.Number || !long.TryParse(t.Text.TrimEnd('L', 'l'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw SqlErrors.Syntax(t.ToString());
        }

        Advance();
        return value;
    }
}

using DeltaFunctions.Lakehouse.Sql;

namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>Runs parsed statements: catalog commands here, table commands in the partial files beside.</summary>
internal sealed partial class StatementExecutor
{
    private readonly StatementContext _context;
    private readonly RelationResolver _resolver;

    /// <summary>Initializes a new instance of the <see cref="StatementExecutor"/> class.</summary>
    /// <param name="context">The statement context.</param>
    public StatementExecutor(StatementContext context)
    {
        _context = context;
        _resolver = new RelationResolver(context);
    }

    /// <summary>Runs one statement.</summary>
    /// <param name="statement">The parsed statement.</param>
    /// <returns>The result.</returns>
    public LakehouseResult Execute(SqlStatement statement) => statement switch
    {
        QueryStatement q => RunQuery(q),
        CreateCatalogStatement s => CreateCatalog(s),
        CreateSchemaStatement s => CreateSchema(s),
        CreateVolumeStatement s => CreateVolume(s),
        DropStatement s => Drop(s),
        ShowCatalogsStatement s => ShowCatalogs(s),
        ShowSchemasStatement s => ShowSchemas(s),
        ShowTablesStatement s => ShowTables(s),
        SetStatement s => Set(s),
        UseStatement s => Use(s),
        _ => ExecuteTableStatement(statement),
    };

    private LakehouseResult RunQuery(QueryStatement statement)
    {
        var rewriter = _context.CreateRewriter(_resolver);
        var tokens = statement.Query.Tokens;
        var first = tokens[0];
        if (first.Is("TABLE"))
        {
            // TABLE t is SELECT * FROM t.
            tokens = [new SqlToken(SqlTokenKind.Word, "SELECT", first.Position), new SqlToken(SqlTokenKind.Symbol, "*", first.Position), new SqlToken(SqlTokenKind.Word, "FROM", first.Position), .. tokens.Skip(1)];
        }

        var sql = rewriter.Rewrite(new SqlFragment(tokens));
        if (first.Is("VALUES"))
        {
            sql = $"SELECT * FROM ({sql})";
        }

        return _context.Query(sql, rewriter.BoundParameters);
    }

    private LakehouseResult CreateCatalog(CreateCatalogStatement s)
    {
        _context.Catalog.CreateCatalog(s.Name, s.Comment, s.IfNotExists);
        return LakehouseResult.Empty;
    }

    private LakehouseResult CreateSchema(CreateSchemaStatement s)
    {
        var (catalog, schema) = SchemaName(s.Name);
        _context.Catalog.CreateSchema(catalog, schema, s.Comment, s.IfNotExists);
        return LakehouseResult.Empty;
    }

    private LakehouseResult CreateVolume(CreateVolumeStatement s)
    {
        var (catalog, schema, name) = ObjectName(s.Name);
        _context.Catalog.CreateVolume(catalog, schema, name, s.Comment, s.IfNotExists);
        return LakehouseResult.Empty;
    }

    private LakehouseResult Drop(DropStatement s)
    {
        switch (s.Kind)
        {
            case DropKind.Catalog:
                if (s.Name.Parts.Count != 1)
                {
                    throw SqlErrors.Syntax(s.Name.ToString());
                }

                _context.Catalog.DropCatalog(s.Name.Parts[0], s.IfExists, s.Cascade);
                break;
            case DropKind.Schema:
                {
                    var (catalog, schema) = SchemaName(s.Name);
                    _context.Catalog.DropSchema(catalog, schema, s.IfExists, s.Cascade);
                    break;
                }

            case DropKind.Volume:
                {
                    var (catalog, schema, name) = ObjectName(s.Name);
                    _context.Catalog.DropVolume(catalog, schema, name, s.IfExists);
                    break;
                }

            default:
                DropTable(s);
                break;
        }

        return LakehouseResult.Empty;
    }

    private LakehouseResult ShowCatalogs(ShowCatalogsStatement s) =>
        CommandResults.Build(
            [("catalog", "STRING")],
            _context.Catalog.ListCatalogs().Where(c => Like(c.Name, s.Like)).Select(c => new object?[] { c.Name }));

    private LakehouseResult ShowSchemas(ShowSchemasStatement s) =>
        CommandResults.Build(
            [("databaseName", "STRING")],
            _context.Catalog.ListSchemas(s.Catalog ?? _context.Session.Catalog).Where(x => Like(x.Name, s.Like)).Select(x => new object?[] { x.Name }));

    private LakehouseResult ShowTables(ShowTablesStatement s)
    {
        var (catalog, schema) = s.Schema is null ? (_context.Session.Catalog, _context.Session.Schema) : SchemaName(s.Schema);
        var found = _context.Catalog.RequireSchema(catalog, schema);
        return CommandResults.Build(
            [("database", "STRING"), ("tableName", "STRING"), ("isTemporary", "BOOLEAN")],
            _context.Catalog.ListTableNames(found.Catalog, found.Name).Where(n => Like(n, s.Like)).Select(n => new object?[] { found.Name, n, false }));
    }

    private LakehouseResult Set(SetStatement s)
    {
        if (s.Value is null)
        {
            _context.Session.Settings.TryGetValue(s.Key, out var current);
            return CommandResults.Build([("key", "STRING"), ("value", "STRING")], [[s.Key, current ?? "<undefined>"]]);
        }

        _context.Session = _context.Session with { Settings = _context.Session.Settings.SetItem(s.Key, s.Value) };
        return CommandResults.Build([("key", "STRING"), ("value", "STRING")], [[s.Key, s.Value]]);
    }

    private LakehouseResult Use(UseStatement s)
    {
        var catalog = s.Catalog is null ? _context.Session.Catalog : _context.Catalog.RequireCatalog(s.Catalog).Name;
        var schema = s.Schema is null ? (s.Catalog is null ? _context.Session.Schema : "default") : _context.Catalog.RequireSchema(catalog, s.Schema).Name;
        _context.Session = _context.Session with { Catalog = catalog, Schema = schema };
        return LakehouseResult.Empty;
    }

    /// <summary>Resolves a one- or two-part schema name against the session.</summary>
    private (string Catalog, string Schema) SchemaName(SqlName name) => name.Parts.Count switch
    {
        1 => (_context.Session.Catalog.ToLowerInvariant(), name.Parts[0].ToLowerInvariant()),
        2 => (name.Parts[0].ToLowerInvariant(), name.Parts[1].ToLowerInvariant()),
        _ => throw SqlErrors.Syntax(name.ToString()),
    };

    /// <summary>Resolves a one- to three-part object name against the session.</summary>
    internal (string Catalog, string Schema, string Name) ObjectName(SqlName name) => ResolveName(name, _context.Session);

    /// <summary>Resolves a one- to three-part object name against a session.</summary>
    /// <param name="name">The name.</param>
    /// <param name="session">The session defaults.</param>
    /// <returns>The lower-case parts.</returns>
    internal static (string Catalog, string Schema, string Name) ResolveName(SqlName name, LakehouseSession session) => name.Parts.Count switch
    {
        1 => (session.Catalog.ToLowerInvariant(), session.Schema.ToLowerInvariant(), name.Parts[0].ToLowerInvariant()),
        2 => (session.Catalog.ToLowerInvariant(), name.Parts[0].ToLowerInvariant(), name.Parts[1].ToLowerInvariant()),
        3 => (name.Parts[0].ToLowerInvariant(), name.Parts[1].ToLowerInvariant(), name.Parts[2].ToLowerInvariant()),
        _ => throw SqlErrors.Syntax(name.ToString()),
    };

    /// <summary>Matches a SHOW … LIKE pattern: <c>*</c> any run, <c>|</c> alternatives, case-insensitive.</summary>
    private static bool Like(string name, string? pattern)
    {
        if (pattern is null)
        {
            return true;
        }

        return pattern.Split('|').Any(p => System.Text.RegularExpressions.Regex.IsMatch(
            name,
            "^" + System.Text.RegularExpressions.Regex.Escape(p.Trim()).Replace("\\*", ".*", StringComparison.Ordinal).Replace("%", ".*", StringComparison.Ordinal) + "$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1)));
    }
}

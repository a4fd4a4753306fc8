namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>Builds the Databricks-style errors the SQL front end raises.</summary>
internal static class SqlErrors
{
    /// <summary>A statement that does not parse: <c>PARSE_SYNTAX_ERROR</c> (42601).</summary>
    /// <param name="near">The text the parser stopped at.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException Syntax(string near) =>
        new("PARSE_SYNTAX_ERROR", "42601", $"Syntax error at or near '{near}'.");

    /// <summary>A table or view that does not exist: <c>TABLE_OR_VIEW_NOT_FOUND</c> (42P01).</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException TableNotFound(string name) =>
        new("TABLE_OR_VIEW_NOT_FOUND", "42P01", $"The table or view `{name}` cannot be found. Verify the spelling and correctness of the schema and catalog.");

    /// <summary>A schema that does not exist: <c>SCHEMA_NOT_FOUND</c> (42704).</summary>
    /// <param name="name">The schema name.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException SchemaNotFound(string name) =>
        new("SCHEMA_NOT_FOUND", "42704", $"The schema `{name}` cannot be found. Verify the spelling and correctness of the schema and catalog.");

    /// <summary>A catalog that does not exist: <c>NO_SUCH_CATALOG_EXCEPTION</c> (42704).</summary>
    /// <param name="name">The catalog name.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException CatalogNotFound(string name) =>
        new("NO_SUCH_CATALOG_EXCEPTION", "42704", $"The catalog '{name}' was not found. Please verify the catalog name and then retry the query or command again.");

    /// <summary>A parameter marker with no bound value: <c>UNBOUND_SQL_PARAMETER</c> (42P02).</summary>
    /// <param name="name">The marker name.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException UnboundParameter(string name) =>
        new("UNBOUND_SQL_PARAMETER", "42P02", $"Found the unbound parameter: {name}. Please, fix `args` and provide a mapping of the parameter to either a SQL literal or collection constructor functions.");

    /// <summary>A feature that parses but this engine does not run: <c>UNSUPPORTED_FEATURE</c> (0A000).</summary>
    /// <param name="what">What is unsupported.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException Unsupported(string what) =>
        new("UNSUPPORTED_FEATURE", "0A000", $"The feature is not supported: {what}.");

    /// <summary>A function name the engine does not know: <c>UNRESOLVED_ROUTINE</c> (42883).</summary>
    /// <param name="name">The name as written.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException UnresolvedRoutine(string name) =>
        new("UNRESOLVED_ROUTINE", "42883", $"Cannot resolve routine `{name}` on search path [`system`.`builtin`, `system`.`session`].");

    /// <summary>A bad argument or value: <c>INVALID_PARAMETER_VALUE</c> (22023).</summary>
    /// <param name="text">What is wrong.</param>
    /// <returns>The exception.</returns>
    public static LakehouseException InvalidValue(string text) => new("INVALID_PARAMETER_VALUE", "22023", text);
}

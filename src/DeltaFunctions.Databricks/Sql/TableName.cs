namespace DeltaFunctions.Databricks.Sql;

/// <summary>A table's three-part Unity Catalog name; each part is validated and quoted when rendered.</summary>
public sealed record TableName
{
    /// <summary>Creates a table name.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table.</param>
    /// <exception cref="ArgumentException">A part cannot be an identifier.</exception>
    public TableName(string catalog, string schema, string table)
    {
        SqlIdentifier.Validate(catalog, nameof(catalog));
        SqlIdentifier.Validate(schema, nameof(schema));
        SqlIdentifier.Validate(table, nameof(table));
        Catalog = catalog;
        Schema = schema;
        Table = table;
    }

    /// <summary>Gets the catalog.</summary>
    public string Catalog { get; }

    /// <summary>Gets the schema.</summary>
    public string Schema { get; }

    /// <summary>Gets the table.</summary>
    public string Table { get; }

    /// <summary>Gets the unquoted full name <c>catalog.schema.table</c>, as Unity Catalog's REST paths use it.</summary>
    public string FullName => $"{Catalog}.{Schema}.{Table}";

    /// <summary>Renders the quoted name, for example <c>`main`.`sales`.`orders`</c>.</summary>
    /// <returns>The SQL text.</returns>
    public string ToSql() => SqlIdentifier.QuoteParts(Catalog, Schema, Table);

    /// <inheritdoc/>
    public override string ToString() => ToSql();
}

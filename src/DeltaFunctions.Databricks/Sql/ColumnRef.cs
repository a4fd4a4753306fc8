namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A reference to a column, optionally qualified by the MERGE target (<c>t</c>) or source (<c>s</c>) alias.
/// The name is quoted when rendered; a plain string converts to an unqualified reference.
/// </summary>
public readonly record struct ColumnRef
{
    private ColumnRef(string name, string? qualifier)
    {
        SqlIdentifier.Validate(name, nameof(name));
        Name = name;
        Qualifier = qualifier;
    }

    /// <summary>Gets the column name.</summary>
    public string Name { get; }

    /// <summary>Gets the alias the column is qualified with, or <see langword="null"/>.</summary>
    public string? Qualifier { get; }

    /// <summary>Creates an unqualified reference.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The reference.</returns>
    public static ColumnRef Column(string name) => new(name, null);

    /// <summary>Creates a reference to a column of the MERGE target (alias <c>t</c>).</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The reference.</returns>
    public static ColumnRef Target(string name) => new(name, "t");

    /// <summary>Creates a reference to a column of the MERGE source (alias <c>s</c>).</summary>
    /// <param name="name">The column name.</param>
    /// <returns>The reference.</returns>
    public static ColumnRef Source(string name) => new(name, "s");

    /// <summary>Converts a column name to an unqualified reference.</summary>
    /// <param name="name">The column name.</param>
    public static implicit operator ColumnRef(string name) => Column(name);

    /// <summary>Renders the quoted reference, for example <c>`s`.`order id`</c>.</summary>
    /// <returns>The SQL text.</returns>
    public string ToSql() => Qualifier is null ? SqlIdentifier.Quote(Name) : SqlIdentifier.QuoteParts(Qualifier, Name);

    /// <inheritdoc/>
    public override string ToString() => ToSql();
}

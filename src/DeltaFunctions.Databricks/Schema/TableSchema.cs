namespace DeltaFunctions.Databricks.Schema;

/// <summary>The columns of a table (or of data to be written) and the table properties that matter for evolution.</summary>
public sealed record TableSchema
{
    /// <summary>The table property that allows column types to widen (reference §6.3).</summary>
    public const string TypeWideningProperty = "delta.enableTypeWidening";

    /// <summary>Creates a schema.</summary>
    /// <param name="columns">The columns in order; names unique case-insensitively.</param>
    /// <param name="properties">The table properties, if known.</param>
    /// <exception cref="ArgumentException">Two columns share a name.</exception>
    public TableSchema(IReadOnlyList<SchemaColumn> columns, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (!seen.Add(column.Name))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }

        Columns = [.. columns];
        Properties = properties ?? new Dictionary<string, string>();
    }

    /// <summary>Gets the columns in order.</summary>
    public IReadOnlyList<SchemaColumn> Columns { get; }

    /// <summary>Gets the table properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Gets a value indicating whether <c>delta.enableTypeWidening</c> is on.</summary>
    public bool TypeWideningEnabled =>
        Properties.TryGetValue(TypeWideningProperty, out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds a column by name (case-insensitive, as Unity Catalog names are).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The column, or <see langword="null"/>.</returns>
    public SchemaColumn? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public bool Equals(TableSchema? other) =>
        other is not null
        && Columns.SequenceEqual(other.Columns)
        && TypeWideningEnabled == other.TypeWideningEnabled;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Columns.Count, TypeWideningEnabled);

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Columns);
}

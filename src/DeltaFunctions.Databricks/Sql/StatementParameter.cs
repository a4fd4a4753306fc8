namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A named parameter of a SQL statement, bound to a <c>:name</c> marker. The service checks the value with
/// <c>cast(value AS type)</c>; a null value binds SQL NULL and an absent type means STRING (reference §4.1).
/// </summary>
public sealed record StatementParameter
{
    /// <summary>Gets the marker name without the colon.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the value as text, or <see langword="null"/> for SQL NULL.</summary>
    public string? Value { get; init; }

    /// <summary>Gets the SQL type the value is cast to (for example <c>BIGINT</c>, <c>DECIMAL(10,2)</c>); STRING when null.</summary>
    public string? Type { get; init; }
}

namespace DeltaFunctions.Lakehouse;

/// <summary>
/// A named parameter bound to a <c>:name</c> marker, as the SQL Statement Execution API carries it.
/// </summary>
/// <param name="Name">The marker name without the colon.</param>
/// <param name="Value">The value as text; <see langword="null"/> binds SQL NULL.</param>
/// <param name="Type">
/// The Databricks SQL type the text is cast to (for example <c>BIGINT</c>, <c>DATE</c>, <c>DECIMAL(10,2)</c>);
/// <see langword="null"/> means <c>STRING</c>.
/// </param>
public sealed record LakehouseParameter(string Name, string? Value, string? Type = null);

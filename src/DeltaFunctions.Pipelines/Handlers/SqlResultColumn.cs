namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>One column of a SQL result.</summary>
/// <param name="Name">The column name.</param>
/// <param name="TypeText">The SQL type as Databricks spells it, e.g. <c>BIGINT</c>, <c>DECIMAL(10,2)</c>.</param>
public sealed record SqlResultColumn(string Name, string? TypeText);

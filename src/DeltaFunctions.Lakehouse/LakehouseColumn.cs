namespace DeltaFunctions.Lakehouse;

/// <summary>One column of a statement result.</summary>
/// <param name="Name">The column name as the statement produced it.</param>
/// <param name="TypeText">
/// The Databricks SQL type in upper case as Databricks prints it: <c>BIGINT</c>, <c>INT</c>, <c>DECIMAL(10,2)</c>,
/// <c>STRING</c>, <c>TIMESTAMP</c>, <c>TIMESTAMP_NTZ</c>, <c>DATE</c>, <c>BINARY</c>, <c>ARRAY&lt;INT&gt;</c>,
/// <c>MAP&lt;STRING, BIGINT&gt;</c>, <c>STRUCT&lt;a: INT, b: STRING&gt;</c>.
/// </param>
public sealed record LakehouseColumn(string Name, string TypeText);

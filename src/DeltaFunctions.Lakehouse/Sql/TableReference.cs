namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>A table named in a query, with its optional time travel.</summary>
/// <param name="Name">The name as written (for example <c>main.sales.orders</c> or <c>parquet.`/Volumes/…`</c>).</param>
/// <param name="TimeTravel">The version or timestamp to read, or null for the latest.</param>
internal sealed record TableReference(SqlName Name, TimeTravelSpec? TimeTravel);

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The empty object <c>POST …/start</c> answers.</summary>
internal sealed record WarehousesEmptyResponse;

using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Wire types of the SQL warehouses API, with the same options as <see cref="DatabricksJsonContext"/>. A context of
/// its own because the System.Text.Json source generator processes each partial declaration separately: a second
/// declaration of <c>DatabricksJsonContext</c> carrying <c>[JsonSerializable]</c> lines fails with duplicate hint
/// names (CS8785), so API folders cannot add types to the shared context from their own files.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SqlWarehouse))]
[JsonSerializable(typeof(WarehousesListResponse))]
[JsonSerializable(typeof(WarehousesEmptyResponse))]
internal sealed partial class WarehousesJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Catalog;

namespace DeltaFunctions.Databricks;

/// <summary>
/// Wire types of the Catalog API. The JSON source generator cannot merge [JsonSerializable] lines spread over several
/// partial declarations of one context (it emits each type twice and fails with a duplicate hint name), so this API
/// has its own context with the same options as <see cref="DatabricksJsonContext"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = false,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(CatalogInfo))]
[JsonSerializable(typeof(SchemaInfo))]
[JsonSerializable(typeof(TableInfo))]
[JsonSerializable(typeof(ListCatalogsPage))]
[JsonSerializable(typeof(ListSchemasPage))]
[JsonSerializable(typeof(ListTablesPage))]
internal sealed partial class DatabricksCatalogJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks;

/// <summary>
/// Wire types of the Sql API. The JSON source generator cannot merge [JsonSerializable] lines spread over several
/// partial declarations of one context (it emits each type twice and fails with a duplicate hint name), so this API
/// has its own context with the same options as <see cref="DatabricksJsonContext"/>. Statement responses and result
/// chunks are read by <see cref="StatementJsonReader"/> with these options (cold start, #17), so they have no generated metadata.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = false,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ExecuteStatementRequest))]
[JsonSerializable(typeof(IReadOnlyList<StatementParameter>))]
[JsonSerializable(typeof(IReadOnlyList<StatementQueryTag>))]
internal sealed partial class DatabricksSqlJsonContext : JsonSerializerContext;

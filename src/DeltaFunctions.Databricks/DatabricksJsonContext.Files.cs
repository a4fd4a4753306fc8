using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Files;

namespace DeltaFunctions.Databricks;

/// <summary>
/// Wire types of the Files API, in a context of its own with the same options as <see cref="DatabricksJsonContext"/>
/// (the source generator cannot merge [JsonSerializable] lines from several partial declarations).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = false,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(DirectoryPage))]
internal sealed partial class DatabricksFilesJsonContext : JsonSerializerContext;

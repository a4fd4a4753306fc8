using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks;

/// <summary>
/// The reference JSON options of the client library and the context for untyped payloads
/// (<see cref="System.Text.Json.JsonElement"/>, string maps). Databricks speaks snake_case and omits absent
/// fields. Each API folder has its own context with these same options (for example
/// <c>Jobs/JobsJsonContext.cs</c>): the System.Text.Json generator cannot take <c>[JsonSerializable]</c> lines
/// from several partial declarations of one context (CS8785, duplicate hint names).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = false,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DatabricksJsonContext : JsonSerializerContext;

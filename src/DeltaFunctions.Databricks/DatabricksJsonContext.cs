using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks;

/// <summary>
/// The one source-generated JSON context of the client library. Databricks speaks snake_case and omits absent
/// fields, so the options are set once here; each API folder adds its wire types in a partial file named
/// <c>DatabricksJsonContext.&lt;Api&gt;.cs</c> carrying <see cref="JsonSerializableAttribute"/> lines only.
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

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// Reads and writes cassettes: snake_case, indented, nulls omitted, and SQL-friendly escaping (quotes and angle
/// brackets stay readable) so a cassette reads well in a code review.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(Cassette))]
internal sealed partial class CassetteJsonContext : JsonSerializerContext
{
    /// <summary>Gets the context with relaxed escaping, used for every cassette read and write.</summary>
    public static CassetteJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Compact JSON with the same escaping, for response bodies handed back on replay.</summary>
    public static JsonSerializerOptions CompactNodeOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

using System.Text.Json.Serialization;

namespace DeltaFunctions.App.Hosting;

/// <summary>The source-generated JSON context of the hosting replies: camelCase like every other contract, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;

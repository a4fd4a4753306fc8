using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Core.Serialization;
using DeltaFunctions.Pipelines;

namespace DeltaFunctions.App.Hosting;

/// <summary>
/// The worker's serializer: Pipelines contracts through the source-generated <see cref="PipelinesJsonContext"/>
/// (camelCase, enums as names), anything else (the Durable status payload of CreateCheckStatusResponseAsync) through
/// reflection with the same options.
/// </summary>
internal static class AppJson
{
    public static JsonSerializerOptions Options { get; } = new(PipelinesJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(PipelinesJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static ObjectSerializer Serializer { get; } = new JsonObjectSerializer(Options);
}

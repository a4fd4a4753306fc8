using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DeltaFunctions.Pipelines.Tests.Orchestration.Replay;

/// <summary>
/// How payloads cross the harness's orchestration boundary: as JSON, the way the runtime stores them. Pipelines
/// types must come from <see cref="PipelinesJsonContext"/> (the App's data converter uses it); types defined by
/// tests fall back to reflection.
/// </summary>
internal static class HarnessJson
{
    public static JsonSerializerOptions Options { get; } = new(PipelinesJsonContext.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(PipelinesJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static JsonTypeInfo TypeInfo(JsonSerializerOptions options, Type type)
    {
        if (type.Assembly == typeof(PipelinesJsonContext).Assembly && PipelinesJsonContext.Default.GetTypeInfo(type) is null)
        {
            throw new InvalidOperationException(
                $"{type.FullName} crosses the orchestration boundary but is not registered in PipelinesJsonContext.");
        }

        return options.GetTypeInfo(type);
    }
}

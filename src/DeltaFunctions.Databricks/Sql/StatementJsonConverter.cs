using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Reads a statement response or result chunk with <see cref="StatementJsonReader"/> (cold start, #17); they are only
/// ever read. The public types carry no <c>[JsonConverter]</c>, so an application serializing them with its own options is
/// unaffected; the client reads through <see cref="StatementJsonReader.Response"/> and <see cref="StatementJsonReader.Chunk"/>.
/// </summary>
/// <typeparam name="T">The type read.</typeparam>
internal sealed class StatementJsonConverter<T> : JsonConverter<T>
    where T : class
{
    private readonly StatementJsonReader.Reader<T> _read;

    private StatementJsonConverter(StatementJsonReader.Reader<T> read) => _read = read;

    /// <summary>Metadata for <typeparamref name="T"/> with the Sql context's options, read by <paramref name="read"/>.</summary>
    /// <param name="read">The reader.</param>
    /// <returns>The metadata.</returns>
    public static JsonTypeInfo<T> CreateTypeInfo(StatementJsonReader.Reader<T> read) =>
        JsonMetadataServices.CreateValueInfo<T>(DatabricksSqlJsonContext.Default.Options, new StatementJsonConverter<T>(read));

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => _read(ref reader)!;

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(T).Name} is only read.");
}

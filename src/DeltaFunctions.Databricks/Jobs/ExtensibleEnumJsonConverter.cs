using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>Reads and writes an extensible enum as its JSON string, accepting any value.</summary>
/// <typeparam name="T">The extensible enum type.</typeparam>
internal sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a JSON string for {typeof(T).Name}, got {reader.TokenType}.");
        }

        var value = reader.GetString();
        if (string.IsNullOrEmpty(value))
        {
            throw new JsonException($"An empty string is not a valid {typeof(T).Name}.");
        }

        return T.Create(value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

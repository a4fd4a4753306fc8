using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>An extensible enum: a value type over the string the service sends, with well-known static values.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IStringValue<TSelf>
    where TSelf : struct, IStringValue<TSelf>
{
    /// <summary>Gets the string the service sends.</summary>
    string Value { get; }

    /// <summary>Creates a value from the service's string; unknown strings are kept as they are.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    static abstract TSelf From(string value);
}

/// <summary>Reads and writes an <see cref="IStringValue{TSelf}"/> as a JSON string, keeping unknown values.</summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class StringValueJsonConverter<T> : JsonConverter<T>
    where T : struct, IStringValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    /// <summary>Reads the string token the reader is on, keeping unknown values; anything else (null included) is a <see cref="JsonException"/>.</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The value.</returns>
    internal static T ReadValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return T.From(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeltaFunctions.Emulator;

/// <summary>The JSON type a request field must have.</summary>
internal enum JsonKind
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A 64-bit integer: a JSON number without fraction, or a string of one (proto3 JSON writes int64 as either).</summary>
    Integer,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>A JSON object.</summary>
    Object,

    /// <summary>A JSON array.</summary>
    Array,
}

/// <summary>One field of a request body: its name, its JSON type and, for objects and arrays of objects, their fields.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Kind">The JSON type.</param>
/// <param name="Items">For an array: the type of every element.</param>
/// <param name="Fields">For an object, or an array of objects: the fields inside.</param>
internal sealed record JsonField(string Name, JsonKind Kind, JsonKind? Items = null, IReadOnlyList<JsonField>? Fields = null);

/// <summary>
/// Checks a request body against the fields a Databricks API declares before anything reads it, so a value of the
/// wrong JSON type is answered 400 INVALID_PARAMETER_VALUE naming the field (<c>tasks[0].task_key</c>), never a 500
/// from a cast deep inside a handler or a background run.
/// </summary>
internal static class JsonShape
{
    /// <summary>
    /// How request bodies are parsed: a name given twice in one object is refused. RFC 8259 leaves what a receiver does
    /// with one unpredictable, and a lazily built <see cref="JsonObject"/> failed on it with an ArgumentException (a
    /// 500) only when a handler first enumerated it.
    /// </summary>
    public static readonly JsonDocumentOptions BodyOptions = new() { AllowDuplicateProperties = false };

    /// <summary>Reads a request body that must be a JSON object (an empty object for a <c>null</c> body).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object.</returns>
    /// <exception cref="JsonException">The body is not JSON, not an object, or gives a name twice in one object.</exception>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await JsonNode.ParseAsync(request.Body, documentOptions: BodyOptions, cancellationToken: cancellationToken).ConfigureAwait(false) switch
        {
            null => [],
            JsonObject body => body,
            var other => throw new JsonException($"The request body must be a JSON object, not {other.GetValueKind().ToString().ToLowerInvariant()}."),
        };
    }

    /// <summary>Checks the known fields of <paramref name="body"/>; unknown fields are left alone as Databricks does.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="fields">The fields to check.</param>
    /// <param name="prefix">The path of <paramref name="body"/> inside the request, for messages.</param>
    /// <exception cref="ApiException">400 INVALID_PARAMETER_VALUE naming the first field of the wrong type.</exception>
    public static void Check(JsonObject body, IReadOnlyList<JsonField> fields, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        foreach (var field in fields)
        {
            if (body[field.Name] is { } node)
            {
                CheckValue(node, field.Kind, field.Items, field.Fields, prefix + field.Name);
            }
        }
    }

    /// <summary>Reads a 64-bit integer field (number or numeric string), or null when absent.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="ApiException">400 INVALID_PARAMETER_VALUE when the field is not an integer.</exception>
    public static long? Long(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return TryLong(node, out var value) ? value : throw WrongType(name, JsonKind.Integer, node);
    }

    /// <summary>Reads a required 64-bit integer field.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ApiException">400 INVALID_PARAMETER_VALUE when the field is missing or not an integer.</exception>
    public static long RequiredLong(JsonObject body, string name) =>
        Long(body, name) ?? throw ApiException.InvalidParameter($"Missing required field: {name}");

    /// <summary>Reads a 32-bit integer field (counts and seconds), or null when absent.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or null.</returns>
    /// <exception cref="ApiException">400 INVALID_PARAMETER_VALUE when the field is not an integer or out of range.</exception>
    public static int? Int32(JsonObject body, string name) => Long(body, name) switch
    {
        null => null,
        var v and (< int.MinValue or > int.MaxValue) => throw ApiException.InvalidParameter($"Invalid value for field '{name}': {v} is out of range."),
        var v => (int)v.Value,
    };

    private static void CheckValue(JsonNode node, JsonKind kind, JsonKind? items, IReadOnlyList<JsonField>? fields, string path)
    {
        if (!Is(node, kind))
        {
            throw WrongType(path, kind, node);
        }

        if (node is JsonObject obj && fields is not null)
        {
            Check(obj, fields, path + ".");
        }

        if (node is JsonArray array && items is { } itemKind)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                if (array[i] is not { } item)
                {
                    throw ApiException.InvalidParameter($"Invalid value for field '{itemPath}': expected {Describe(itemKind)}, got null.");
                }

                CheckValue(item, itemKind, null, fields, itemPath);
            }
        }
    }

    private static bool Is(JsonNode node, JsonKind kind) => kind switch
    {
        JsonKind.String => node.GetValueKind() == JsonValueKind.String,
        JsonKind.Integer => TryLong(node, out _),
        JsonKind.Boolean => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        JsonKind.Object => node is JsonObject,
        JsonKind.Array => node is JsonArray,
        _ => false,
    };

    private static bool TryLong(JsonNode node, out long value)
    {
        value = 0;
        return node.GetValueKind() switch
        {
            JsonValueKind.Number => node.AsValue().TryGetValue(out value),
            JsonValueKind.String => TryParseLong(node, out value),
            _ => false,
        };
    }

    private static bool TryParseLong(JsonNode node, out long value)
    {
        try
        {
            return long.TryParse(node.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }
        catch (InvalidOperationException)
        {
            // A string System.Text.Json cannot transcode (a lone surrogate escape) is no number either.
            value = 0;
            return false;
        }
    }

    private static ApiException WrongType(string path, JsonKind expected, JsonNode actual) =>
        ApiException.InvalidParameter($"Invalid value for field '{path}': expected {Describe(expected)}, got {Describe(actual)}.");

    private static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.String => "a string",
        JsonKind.Integer => "an int64",
        JsonKind.Boolean => "a boolean",
        JsonKind.Object => "an object",
        _ => "an array",
    };

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + node.ToJsonString(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };
}

namespace DeltaFunctions.Lakehouse.Sql.Json;

/// <summary>What a <see cref="JsonNodeValue"/> holds.</summary>
internal enum JsonNodeKind
{
    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>JSON <c>true</c>.</summary>
    True,

    /// <summary>JSON <c>false</c>.</summary>
    False,

    /// <summary>A number token, kept as its source text.</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>An array.</summary>
    Array,

    /// <summary>An object, members in source order (duplicates kept).</summary>
    Object,
}

/// <summary>One parsed JSON value; numbers keep their source text so decimals lose nothing.</summary>
internal sealed class JsonNodeValue
{
    private JsonNodeValue(JsonNodeKind kind, string? text = null, bool isInteger = false, List<JsonNodeValue>? items = null, List<KeyValuePair<string, JsonNodeValue>>? members = null)
    {
        Kind = kind;
        Text = text;
        IsInteger = isInteger;
        Items = items;
        Members = members;
    }

    /// <summary>Gets the JSON null.</summary>
    public static JsonNodeValue Null { get; } = new(JsonNodeKind.Null);

    /// <summary>Gets the JSON true.</summary>
    public static JsonNodeValue True { get; } = new(JsonNodeKind.True);

    /// <summary>Gets the JSON false.</summary>
    public static JsonNodeValue False { get; } = new(JsonNodeKind.False);

    /// <summary>Gets the kind.</summary>
    public JsonNodeKind Kind { get; }

    /// <summary>Gets the string value or the number's source text.</summary>
    public string? Text { get; }

    /// <summary>Gets whether a number token has no fraction and no exponent (Jackson's VALUE_NUMBER_INT).</summary>
    public bool IsInteger { get; }

    /// <summary>Gets the array items.</summary>
    public List<JsonNodeValue>? Items { get; }

    /// <summary>Gets the object members.</summary>
    public List<KeyValuePair<string, JsonNodeValue>>? Members { get; }

    /// <summary>Creates a number.</summary>
    public static JsonNodeValue Number(string text, bool isInteger) => new(JsonNodeKind.Number, text, isInteger);

    /// <summary>Creates a string.</summary>
    public static JsonNodeValue String(string text) => new(JsonNodeKind.String, text);

    /// <summary>
    /// Gets the value's source text for arrays and objects (what Spark's exact string parsing returns). Cut from the
    /// document only when asked: only a STRING field reading an array or object needs it, and copying it for every
    /// array and object copied the whole document once per nesting level.
    /// </summary>
    public string? Source => _document?.Substring(_start, _length);

    private string? _document;
    private int _start;
    private int _length;

    /// <summary>Creates an array whose source text is <paramref name="length"/> characters of <paramref name="document"/> from <paramref name="start"/>.</summary>
    public static JsonNodeValue Array(List<JsonNodeValue> items, string document, int start, int length) =>
        new(JsonNodeKind.Array, items: items) { _document = document, _start = start, _length = length };

    /// <summary>Creates an object whose source text is <paramref name="length"/> characters of <paramref name="document"/> from <paramref name="start"/>.</summary>
    public static JsonNodeValue Object(List<KeyValuePair<string, JsonNodeValue>> members, string document, int start, int length) =>
        new(JsonNodeKind.Object, members: members) { _document = document, _start = start, _length = length };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// Walks a parsed JSON document alongside the source-generated contract metadata and records every structural
/// problem (wrong kinds, missing required fields, nulls where none are allowed, unknown or repeated fields) before
/// anything is deserialized. The serializer alone stops at the first problem; this reports them all.
/// </summary>
internal static class JsonShapeValidator
{
    public static void Validate(JsonElement element, JsonTypeInfo typeInfo, string path, ProblemCollector problems)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        if (type == typeof(JsonElement))
        {
            return;
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                ValidateObject(element, typeInfo, path, problems);
                break;
            case JsonTypeInfoKind.Enumerable:
                ValidateArray(element, typeInfo, path, problems);
                break;
            case JsonTypeInfoKind.Dictionary:
                ValidateDictionary(element, typeInfo, path, problems);
                break;
            default:
                ValidateScalar(element, type, path, problems);
                break;
        }
    }

    private static void ValidateObject(JsonElement element, JsonTypeInfo typeInfo, string path, ProblemCollector problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, ValidationCodes.WrongType, $"expected a JSON object but found {Describe(element.ValueKind)}");
            return;
        }

        var byName = new Dictionary<string, JsonPropertyInfo>(StringComparer.Ordinal);
        foreach (var property in typeInfo.Properties)
        {
            if (property.Set is not null)
            {
                byName[property.Name] = property;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = ProblemCollector.Property(path, member.Name);
            if (!seen.Add(member.Name))
            {
                problems.Add(memberPath, ValidationCodes.DuplicateField, "the field appears more than once");
                continue;
            }

            if (!byName.TryGetValue(member.Name, out var property))
            {
                problems.Add(memberPath, ValidationCodes.UnknownField, "unknown field (names are case-sensitive camelCase)");
                continue;
            }

            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                if (!property.IsSetNullable && Nullable.GetUnderlyingType(property.PropertyType) is null)
                {
                    problems.Add(memberPath, ValidationCodes.WrongType, "must not be null");
                }

                continue;
            }

            Validate(member.Value, typeInfo.Options.GetTypeInfo(property.PropertyType), memberPath, problems);
        }

        foreach (var property in byName.Values)
        {
            if (property.IsRequired && !seen.Contains(property.Name))
            {
                problems.Add(ProblemCollector.Property(path, property.Name), ValidationCodes.Required, "is required");
            }
        }
    }

    private static void ValidateArray(JsonElement element, JsonTypeInfo typeInfo, string path, ProblemCollector problems)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, ValidationCodes.WrongType, $"expected a JSON array but found {Describe(element.ValueKind)}");
            return;
        }

        var itemType = typeInfo.ElementType!;
        var itemInfo = typeInfo.Options.GetTypeInfo(itemType);
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            ValidateItem(item, itemType, itemInfo, ProblemCollector.Index(path, index), problems);
            index++;
        }
    }

    private static void ValidateDictionary(JsonElement element, JsonTypeInfo typeInfo, string path, ProblemCollector problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, ValidationCodes.WrongType, $"expected a JSON object but found {Describe(element.ValueKind)}");
            return;
        }

        var itemType = typeInfo.ElementType!;
        var itemInfo = typeInfo.Options.GetTypeInfo(itemType);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = ProblemCollector.Property(path, member.Name);
            if (!seen.Add(member.Name))
            {
                problems.Add(memberPath, ValidationCodes.DuplicateField, "the key appears more than once");
                continue;
            }

            ValidateItem(member.Value, itemType, itemInfo, memberPath, problems);
        }
    }

    private static void ValidateItem(JsonElement item, Type itemType, JsonTypeInfo itemInfo, string path, ProblemCollector problems)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            if (itemType != typeof(JsonElement) && Nullable.GetUnderlyingType(itemType) is null)
            {
                problems.Add(path, ValidationCodes.WrongType, "must not be null");
            }

            return;
        }

        Validate(item, itemInfo, path, problems);
    }

    private static void ValidateScalar(JsonElement element, Type type, string path, ProblemCollector problems)
    {
        var ok = type switch
        {
            _ when type == typeof(string) => element.ValueKind == JsonValueKind.String,
            _ when type == typeof(bool) => element.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(int) => element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out _),
            _ when type == typeof(long) => element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out _),
            _ when type == typeof(double) => element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var d) && double.IsFinite(d),
            _ when type.IsEnum => element.ValueKind == JsonValueKind.String && IsEnumName(type, element.GetString()!),
            _ => false,
        };
        if (!ok)
        {
            problems.Add(path, ValidationCodes.WrongType, $"expected {Expected(type)} but found {Describe(element)}");
        }
    }

    private static bool IsEnumName(Type type, string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && !text.Contains(',', StringComparison.Ordinal)
        && Enum.TryParse(type, text, ignoreCase: true, out var value) && Enum.IsDefined(type, value!);

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) => "a whole number between -2147483648 and 2147483647",
        _ when type == typeof(long) => "a 64-bit whole number",
        _ when type == typeof(double) => "a number",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => '"' + n + '"')),
        _ => "a value of type " + type.Name,
    };

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => "the number " + Truncate(element.GetRawText()),
        JsonValueKind.String => "a string",
        _ => Describe(element.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) =>
        text.Length <= 32 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..32]}…");
}

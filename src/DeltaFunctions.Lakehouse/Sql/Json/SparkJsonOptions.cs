namespace DeltaFunctions.Lakehouse.Sql.Json;

/// <summary>
/// The <c>from_json</c> options this engine honours, with Spark's <c>JSONOptions</c> defaults (documented for
/// Databricks' <c>from_json</c>): single quotes and non-numeric numbers allowed, everything else strict,
/// <c>PERMISSIVE</c> mode, corrupt records kept in <c>_corrupt_record</c> when the schema has that STRING field.
/// </summary>
internal sealed record SparkJsonOptions
{
    /// <summary>Gets the defaults.</summary>
    public static SparkJsonOptions Default { get; } = new();

    /// <summary>Gets a value indicating whether a malformed record fails the statement (FAILFAST) instead of yielding nulls.</summary>
    public bool FailFast { get; init; }

    /// <summary>Gets a value indicating whether strings may be single-quoted.</summary>
    public bool AllowSingleQuotes { get; init; } = true;

    /// <summary>Gets a value indicating whether NaN and Infinity tokens are numbers.</summary>
    public bool AllowNonNumericNumbers { get; init; } = true;

    /// <summary>Gets a value indicating whether numbers may have leading zeros.</summary>
    public bool AllowNumericLeadingZeros { get; init; }

    /// <summary>Gets a value indicating whether field names may be unquoted.</summary>
    public bool AllowUnquotedFieldNames { get; init; }

    /// <summary>Gets a value indicating whether Java and C++ comments are skipped.</summary>
    public bool AllowComments { get; init; }

    /// <summary>Gets a value indicating whether a backslash may escape any character.</summary>
    public bool AllowBackslashEscapingAnyCharacter { get; init; }

    /// <summary>Gets a value indicating whether strings may hold raw control characters.</summary>
    public bool AllowUnquotedControlChars { get; init; }

    /// <summary>Gets the name of the STRING field that receives a malformed record's text.</summary>
    public string ColumnNameOfCorruptRecord { get; init; } = "_corrupt_record";

    /// <summary>Gets the zone that timestamps without an offset are read in (the session zone, UTC here).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Reads the options map of a <c>from_json</c> call.</summary>
    /// <param name="options">Option names (case-insensitive, as Spark reads them) and values.</param>
    /// <returns>The options.</returns>
    /// <exception cref="LakehouseException">An option value is invalid or not supported by this engine.</exception>
    public static SparkJsonOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        var result = Default;
        foreach (var (name, value) in options)
        {
            result = name.ToLowerInvariant() switch
            {
                "mode" => value.ToUpperInvariant() switch
                {
                    "PERMISSIVE" => result with { FailFast = false },
                    "FAILFAST" => result with { FailFast = true },
                    _ => throw new LakehouseException("PARSE_MODE_UNSUPPORTED", "42601", $"The function `from_json` doesn't support the {value} mode. Acceptable modes are PERMISSIVE and FAILFAST."),
                },
                "allowsinglequotes" => result with { AllowSingleQuotes = Flag(name, value) },
                "allownonnumericnumbers" => result with { AllowNonNumericNumbers = Flag(name, value) },
                "allownumericleadingzeros" => result with { AllowNumericLeadingZeros = Flag(name, value) },
                "allowunquotedfieldnames" => result with { AllowUnquotedFieldNames = Flag(name, value) },
                "allowcomments" => result with { AllowComments = Flag(name, value) },
                "allowbackslashescapinganycharacter" => result with { AllowBackslashEscapingAnyCharacter = Flag(name, value) },
                "allowunquotedcontrolchars" => result with { AllowUnquotedControlChars = Flag(name, value) },
                "columnnameofcorruptrecord" => result with { ColumnNameOfCorruptRecord = value },
                "timezone" => result with { TimeZone = Zone(value) },
                "dateformat" or "timestampformat" or "timestampntzformat" or "locale" or "encoding" or "multiline" or "linesep" =>
                    throw SqlErrors.Unsupported($"the from_json option '{name}'"),

                // Spark ignores options it does not know (schema-inference options such as prefersDecimal included).
                _ => result,
            };
        }

        return result;
    }

    /// <summary>Writes the options as the text the engine's from_json function receives.</summary>
    /// <returns>The encoded options.</returns>
    public string Encode() => string.Join(
        ';',
        FailFast ? "1" : "0",
        AllowSingleQuotes ? "1" : "0",
        AllowNonNumericNumbers ? "1" : "0",
        AllowNumericLeadingZeros ? "1" : "0",
        AllowUnquotedFieldNames ? "1" : "0",
        AllowComments ? "1" : "0",
        AllowBackslashEscapingAnyCharacter ? "1" : "0",
        AllowUnquotedControlChars ? "1" : "0",
        TimeZone.Id,
        ColumnNameOfCorruptRecord);

    /// <summary>Reads options written by <see cref="Encode"/>.</summary>
    /// <param name="text">The encoded options.</param>
    /// <returns>The options.</returns>
    public static SparkJsonOptions Decode(string text)
    {
        var parts = text.Split(';', 10);
        return new SparkJsonOptions
        {
            FailFast = parts[0] == "1",
            AllowSingleQuotes = parts[1] == "1",
            AllowNonNumericNumbers = parts[2] == "1",
            AllowNumericLeadingZeros = parts[3] == "1",
            AllowUnquotedFieldNames = parts[4] == "1",
            AllowComments = parts[5] == "1",
            AllowBackslashEscapingAnyCharacter = parts[6] == "1",
            AllowUnquotedControlChars = parts[7] == "1",
            TimeZone = Zone(parts[8]),
            ColumnNameOfCorruptRecord = parts[9],
        };
    }

    private static bool Flag(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw SqlErrors.InvalidValue($"The from_json option '{name}' must be true or false, not '{value}'."),
    };

    private static TimeZoneInfo Zone(string id)
    {
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Z", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new LakehouseException("INVALID_TIMEZONE", "22009", $"The time zone '{id}' is invalid.");
        }
        catch (InvalidTimeZoneException)
        {
            throw new LakehouseException("INVALID_TIMEZONE", "22009", $"The time zone '{id}' is invalid.");
        }
    }
}

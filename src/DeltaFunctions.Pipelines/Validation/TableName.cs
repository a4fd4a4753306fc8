using System.Text;

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// A Unity Catalog three-part table name, <c>catalog.schema.table</c>, parsed from the SQL text form callers write
/// and rendered back with every part quoted so it can be placed in a statement safely.
/// </summary>
/// <remarks>
/// Each part is either unquoted (letters, digits, underscores) or quoted in backticks with any inner backtick
/// doubled (<c>`my-cat`.sales.`order``s`</c>). After unquoting, Unity Catalog's naming rules apply: 1–255
/// characters with no period, space, forward slash, ASCII control character or DEL (Databricks SQL reference,
/// "Names"). Names are compared case-insensitively because Unity Catalog stores them in lower case.
/// </remarks>
public sealed record TableName
{
    /// <summary>The longest name Unity Catalog accepts for one part, in characters.</summary>
    public const int MaxPartLength = 255;

    private TableName(string catalog, string schema, string table)
    {
        Catalog = catalog;
        Schema = schema;
        Table = table;
    }

    /// <summary>The catalog, unquoted.</summary>
    public string Catalog { get; }

    /// <summary>The schema, unquoted.</summary>
    public string Schema { get; }

    /// <summary>The table, unquoted.</summary>
    public string Table { get; }

    /// <summary>
    /// The name as SQL text with each part in backticks (inner backticks doubled), e.g. <c>`main`.`sales`.`orders`</c>.
    /// </summary>
    public string Quoted => QuotePart(Catalog) + "." + QuotePart(Schema) + "." + QuotePart(Table);

    /// <summary>The lower-case dotted form Unity Catalog reports as <c>full_name</c>.</summary>
    public string FullName => string.Join('.', Catalog, Schema, Table).ToLowerInvariant();

    /// <summary>Parses a three-part name.</summary>
    /// <param name="text">The name as written in SQL, e.g. <c>main.sales.orders</c>.</param>
    /// <param name="name">The parsed name when the text is valid.</param>
    /// <param name="error">Why the text is not a valid name, when it is not.</param>
    /// <returns>Whether the text is a valid three-part name.</returns>
    public static bool TryParse(string? text, out TableName? name, out string? error)
    {
        name = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a table name is required, as catalog.schema.table";
            return false;
        }

        var parts = new List<string>(3);
        var position = 0;
        while (true)
        {
            if (!TryReadPart(text, ref position, out var part, out error))
            {
                return false;
            }

            parts.Add(part);
            if (position == text.Length)
            {
                break;
            }

            if (text[position] != '.')
            {
                error = $"unexpected character at position {position}; quote names with special characters in backticks";
                return false;
            }

            position++;
        }

        if (parts.Count != 3)
        {
            error = $"expected a three-part name catalog.schema.table but found {parts.Count} part(s)";
            return false;
        }

        name = new TableName(parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>Checks one unquoted Unity Catalog object name (a catalog, schema or table part).</summary>
    /// <param name="part">The name without quotes.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether the name follows Unity Catalog's naming rules.</returns>
    public static bool IsValidObjectName(string? part, out string? error)
    {
        if (string.IsNullOrEmpty(part))
        {
            error = "a name part must not be empty";
            return false;
        }

        if (part.Length > MaxPartLength)
        {
            error = $"a name part must be at most {MaxPartLength} characters";
            return false;
        }

        foreach (var c in part)
        {
            if (c is '.' or ' ' or '/' || char.IsControl(c))
            {
                error = "a name part must not contain a period, space, forward slash or control character";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Quotes one name part in backticks, doubling inner backticks.</summary>
    /// <param name="part">The unquoted part.</param>
    /// <returns>The quoted part.</returns>
    public static string QuotePart(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return "`" + part.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <inheritdoc />
    public override string ToString() => Quoted;

    private static bool TryReadPart(string text, ref int position, out string part, out string? error)
    {
        part = string.Empty;
        if (position >= text.Length)
        {
            error = "a name part is missing after the period";
            return false;
        }

        if (text[position] == '`')
        {
            var builder = new StringBuilder();
            position++;
            while (true)
            {
                if (position >= text.Length)
                {
                    error = "a backtick-quoted part is not closed";
                    return false;
                }

                var c = text[position];
                if (c == '`')
                {
                    if (position + 1 < text.Length && text[position + 1] == '`')
                    {
                        builder.Append('`');
                        position += 2;
                        continue;
                    }

                    position++;
                    break;
                }

                builder.Append(c);
                position++;
            }

            part = builder.ToString();
        }
        else
        {
            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            if (position == start)
            {
                error = position < text.Length && text[position] != '.'
                    ? $"unexpected character at position {position}; unquoted names may hold only letters, digits and underscores"
                    : "a name part must not be empty";
                return false;
            }

            part = text[start..position];
        }

        return IsValidObjectName(part, out error);
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A table's three-part Unity Catalog name; each part is validated and quoted when rendered. The one table-name type
/// of the solution: built from its parts, or parsed from the SQL text form callers write with
/// <see cref="TryParse"/>, which says what is wrong so a request validator can name the field.
/// </summary>
/// <remarks>
/// In the text form each part is either unquoted (letters, digits, underscores) or quoted in backticks with any inner
/// backtick doubled (<c>`my-cat`.sales.`order``s`</c>). After unquoting, Unity Catalog's naming rules apply
/// (<see cref="IsValidObjectName"/>): 1–255 characters with no period, space, forward slash, ASCII control character
/// or DEL (Databricks SQL reference, "Names").
/// </remarks>
public sealed record TableName
{
    /// <summary>Creates a table name.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="table">The table.</param>
    /// <exception cref="ArgumentException">A part cannot be an identifier.</exception>
    public TableName(string catalog, string schema, string table)
    {
        SqlIdentifier.Validate(catalog, nameof(catalog));
        SqlIdentifier.Validate(schema, nameof(schema));
        SqlIdentifier.Validate(table, nameof(table));
        Catalog = catalog;
        Schema = schema;
        Table = table;
    }

    /// <summary>Gets the catalog.</summary>
    public string Catalog { get; }

    /// <summary>Gets the schema.</summary>
    public string Schema { get; }

    /// <summary>Gets the table.</summary>
    public string Table { get; }

    /// <summary>Gets the unquoted full name <c>catalog.schema.table</c>, as Unity Catalog's REST paths use it.</summary>
    public string FullName => $"{Catalog}.{Schema}.{Table}";

    /// <summary>
    /// Parses the SQL text form of a three-part name, e.g. <c>main.sales.orders</c> or <c>`my-cat`.sales.orders</c>,
    /// applying Unity Catalog's naming rules to every part.
    /// </summary>
    /// <param name="text">The name as written in SQL.</param>
    /// <param name="name">The parsed name when the text is valid.</param>
    /// <param name="error">Why the text is not a valid name, when it is not (lower case, no final period).</param>
    /// <returns>Whether the text is a valid three-part name.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TableName? name, [NotNullWhen(false)] out string? error)
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
        error = null;
        return true;
    }

    /// <summary>Checks one unquoted Unity Catalog object name (a catalog, schema, table or volume part).</summary>
    /// <param name="part">The name without quotes.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether the name follows Unity Catalog's naming rules.</returns>
    public static bool IsValidObjectName([NotNullWhen(true)] string? part, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(part))
        {
            error = "a name part must not be empty";
            return false;
        }

        if (part.Length > SqlIdentifier.MaxLength)
        {
            error = $"a name part must be at most {SqlIdentifier.MaxLength} characters";
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

    /// <summary>Renders the quoted name, for example <c>`main`.`sales`.`orders`</c>.</summary>
    /// <returns>The SQL text.</returns>
    public string ToSql() => SqlIdentifier.QuoteParts(Catalog, Schema, Table);

    /// <inheritdoc/>
    public override string ToString() => ToSql();

    private static bool TryReadPart(string text, ref int position, out string part, [NotNullWhen(false)] out string? error)
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

namespace DeltaFunctions.Pipelines.Validation;

/// <summary>
/// The rules for a column name given as data (a key, a row property, a Z-order column): the raw name, never SQL
/// text. Requests name columns this way and the client library's statement builders quote them (<c>SqlIdentifier.Quote</c>).
/// </summary>
/// <remarks>
/// Databricks allows special characters in column names when they are quoted, but Delta tables without column
/// mapping reject the characters <c> ,;{}()=</c>, tab and newline. We refuse those, every other whitespace and
/// control character, and the quoting characters <c>` ' " \</c> and the period (which would read as a nested field),
/// so a name from a request can never change the shape of a statement. At most 255 characters.
/// </remarks>
public static class ColumnName
{
    /// <summary>The longest column name accepted, in characters.</summary>
    public const int MaxLength = 255;

    /// <summary>Checks a raw column name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>Whether the name is acceptable.</returns>
    public static bool IsValid(string? name, out string? error)
    {
        if (string.IsNullOrEmpty(name))
        {
            error = "a column name must not be empty";
            return false;
        }

        if (name.Length > MaxLength)
        {
            error = $"a column name must be at most {MaxLength} characters";
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ';' or '{' or '}' or '(' or ')' or '=' or '`' or '\'' or '"' or '\\' or '.')
            {
                error = "a column name must not contain whitespace, control characters or any of , ; { } ( ) = ` ' \" \\ .";
                return false;
            }
        }

        error = null;
        return true;
    }
}

namespace DeltaFunctions.Pipelines.Sql;

/// <summary>
/// Finds the named parameter markers (<c>:name</c>) in a statement, skipping string literals, quoted identifiers
/// and comments, so requests can be checked for markers without values and values without markers.
/// </summary>
/// <remarks>
/// A colon directly after an identifier character, a closing bracket or a backtick is Databricks' JSON path
/// operator (<c>raw:owner</c>), and <c>::</c> is a cast; neither is a marker. Strings are single- or double-quoted
/// with backslash escapes (Databricks' default); block comments may nest.
/// </remarks>
internal static class SqlParameterMarkers
{
    public static IReadOnlyList<string> Find(string statement)
    {
        var markers = new List<string>();
        var i = 0;
        while (i < statement.Length)
        {
            var c = statement[i];
            switch (c)
            {
                case '\'' or '"':
                    i = SkipQuoted(statement, i, c, backslashEscapes: true);
                    break;
                case '`':
                    i = SkipQuoted(statement, i, '`', backslashEscapes: false);
                    break;
                case '-' when At(statement, i + 1) == '-':
                    while (i < statement.Length && statement[i] != '\n')
                    {
                        i++;
                    }

                    break;
                case '/' when At(statement, i + 1) == '*':
                    i = SkipBlockComment(statement, i);
                    break;
                case ':' when At(statement, i + 1) == ':':
                    i += 2;
                    break;
                case ':' when IsNameStart(At(statement, i + 1)) && !EndsOperand(At(statement, i - 1)):
                    var start = ++i;
                    while (i < statement.Length && IsNamePart(statement[i]))
                    {
                        i++;
                    }

                    markers.Add(statement[start..i]);
                    break;
                default:
                    i++;
                    break;
            }
        }

        return markers;
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 255 && IsNameStart(name[0]) && name.All(IsNamePart);

    private static char At(string text, int index) => index >= 0 && index < text.Length ? text[index] : '\0';

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool EndsOperand(char c) => IsNamePart(c) || c is ')' or ']' or '`';

    private static int SkipQuoted(string text, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            if (backslashEscapes && text[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (text[i] == quote)
            {
                if (At(text, i + 1) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int SkipBlockComment(string text, int start)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            if (text[i] == '/' && At(text, i + 1) == '*')
            {
                depth++;
                i += 2;
            }
            else if (text[i] == '*' && At(text, i + 1) == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return text.Length;
    }
}

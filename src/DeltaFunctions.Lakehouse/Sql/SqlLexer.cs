using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>
/// Splits Databricks SQL text into tokens: backtick identifiers (inner backtick doubled), strings in single or
/// double quotes (Spark escapes with backslash, and a doubled quote), numbers, <c>:name</c> markers, symbols;
/// <c>--</c> and <c>/* */</c> comments are skipped.
/// </summary>
internal static class SqlLexer
{
    private static readonly string[] Symbols =
    [
        "<=>", "::", "||", "<>", "!=", "<=", ">=", "==", "=>", "->", "(", ")", ",", ".", ";", "=", "<", ">", "+", "-",
        "*", "/", "%", "@", "[", "]", "{", "}", "&", "|", "^", "~", "!", "?", ":",
    ];

    /// <summary>Tokenizes a statement or a script.</summary>
    /// <param name="text">The SQL text.</param>
    /// <returns>The tokens, ending with one <see cref="SqlTokenKind.End"/> token.</returns>
    /// <exception cref="LakehouseException">An unterminated string, identifier or comment.</exception>
    public static List<SqlToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<SqlToken>();
        var i = 0;
        while (true)
        {
            i = SkipTrivia(text, i);
            if (i >= text.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, text.Length));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (c == '`')
            {
                var name = ReadQuoted(text, ref i, '`', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, name, start));
            }
            else if (c is '\'' or '"')
            {
                var value = ReadQuoted(text, ref i, c, backslashEscapes: true);
                tokens.Add(new SqlToken(SqlTokenKind.String, value, start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(new SqlToken(SqlTokenKind.Number, ReadNumber(text, ref i), start));
            }
            else if (c == ':' && i + 1 < text.Length && IsWordStart(text[i + 1]) && !PreviousIsColon(text, i))
            {
                i++;
                var nameStart = i;
                while (i < text.Length && IsWordPart(text[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Parameter, text[nameStart..i], start));
            }
            else if (IsWordStart(c))
            {
                while (i < text.Length && IsWordPart(text[i]))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, text[start..i], start));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw SqlErrors.Syntax(c.ToString());
                i += symbol.Length;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, symbol, start));
            }
        }
    }

    private static bool PreviousIsColon(string text, int i) => i > 0 && text[i - 1] == ':';

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

    private static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new LakehouseException("UNCLOSED_BRACKETED_COMMENT", "42601", "Found an unclosed bracketed comment. Please, append */ at the end of the comment.");
                }

                i = end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static string ReadQuoted(string text, ref int i, char quote, bool backslashEscapes)
    {
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw SqlErrors.Syntax(quote == '`' ? "`" : "end of input: unterminated string literal");
            }

            var c = text[i];
            if (c == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    sb.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return sb.ToString();
            }

            if (backslashEscapes && c == '\\' && i + 1 < text.Length)
            {
                var n = text[i + 1];
                sb.Append(n switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'b' => '\b',
                    _ => n,
                });
                i += 2;
                continue;
            }

            sb.Append(c);
            i++;
        }
    }

    private static string ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i < text.Length && (text[i] is 'e' or 'E') && i + 1 < text.Length
            && (char.IsDigit(text[i + 1]) || ((text[i + 1] is '+' or '-') && i + 2 < text.Length && char.IsDigit(text[i + 2]))))
        {
            i += 2;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }
        }

        var number = text[start..i];

        // Spark literal suffixes: 10L (BIGINT), 5S, 5Y, 1.5D, 1.5F, 2.50BD.
        if (i + 1 < text.Length && (text[i] is 'B' or 'b') && (text[i + 1] is 'D' or 'd') && (i + 2 >= text.Length || !IsWordPart(text[i + 2])))
        {
            i += 2;
            return number;
        }

        if (i < text.Length && "LlSsYyDdFf".Contains(text[i], StringComparison.Ordinal) && (i + 1 >= text.Length || !IsWordPart(text[i + 1])))
        {
            i++;
        }

        if (i < text.Length && IsWordStart(text[i]))
        {
            // An identifier that starts with digits, for example 1st_col; Spark allows those unquoted.
            while (i < text.Length && IsWordPart(text[i]))
            {
                i++;
            }

            return text[start..i];
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw SqlErrors.Syntax(number);
        }

        return number;
    }
}

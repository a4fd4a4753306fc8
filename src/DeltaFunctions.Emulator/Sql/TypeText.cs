using System.Text;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>
/// Prints a result column's <c>type_text</c> as Databricks does: type keywords upper case, struct field names exactly
/// as declared.
/// </summary>
/// <remarks>
/// The reference (§4.2) shows type_text only for scalar types. Databricks prints it with Spark's <c>DataType.sql</c>:
/// <c>STRUCT&lt;name: STRING&gt;</c>, <c>MAP&lt;STRING, BIGINT&gt;</c>, <c>ARRAY&lt;INT&gt;</c>, <c>DECIMAL(38,2)</c>,
/// where a struct field is written with <c>QuotingUtils.quoteIfNeeded</c>: bare when it matches
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, otherwise in backticks with inner backticks doubled.
/// </remarks>
internal static class TypeText
{
    /// <summary>Normalizes Lakehouse type text; text this reader does not understand is returned trimmed, unchanged.</summary>
    public static string Normalize(string typeText)
    {
        var reader = new Reader(typeText);
        try
        {
            var result = reader.ReadType();
            return reader.AtEnd ? result : typeText.Trim();
        }
        catch (FormatException)
        {
            return typeText.Trim();
        }
    }

    /// <summary>Writes a struct field name bare when it is a plain identifier, otherwise in backticks.</summary>
    public static string QuoteFieldName(string name)
    {
        var plain = name.Length > 0
            && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return plain ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    private sealed class Reader(string text)
    {
        private int _pos;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _pos >= text.Length;
            }
        }

        public string ReadType()
        {
            var keyword = ReadWord().ToUpperInvariant();
            SkipSpace();
            if (Peek() == '<')
            {
                _pos++;
                var inner = keyword == "STRUCT" ? ReadFields() : ReadTypeList();
                return keyword + "<" + inner + ">";
            }

            if (Peek() == '(')
            {
                var close = text.IndexOf(')', _pos);
                if (close < 0)
                {
                    throw new FormatException("Unclosed type arguments.");
                }

                var arguments = string.Concat(text[(_pos + 1)..close].Where(c => !char.IsWhiteSpace(c)));
                _pos = close + 1;
                return keyword + "(" + arguments.ToUpperInvariant() + ")";
            }

            // Multi-word types (INTERVAL DAY TO SECOND, TIMESTAMP WITH LOCAL TIME ZONE).
            var words = new StringBuilder(keyword);
            while (char.IsAsciiLetter(Peek()))
            {
                words.Append(' ').Append(ReadWord().ToUpperInvariant());
                SkipSpace();
            }

            return words.ToString();
        }

        private string ReadTypeList()
        {
            var types = new List<string>();
            while (true)
            {
                types.Add(ReadType());
                SkipSpace();
                var next = Take();
                if (next == '>')
                {
                    return string.Join(", ", types);
                }

                if (next != ',')
                {
                    throw new FormatException("Expected ',' or '>'.");
                }
            }
        }

        private string ReadFields()
        {
            var fields = new List<string>();
            SkipSpace();
            if (Peek() == '>')
            {
                _pos++;
                return string.Empty;
            }

            while (true)
            {
                var name = ReadFieldName();
                SkipSpace();
                if (Take() != ':')
                {
                    throw new FormatException("Expected ':' after a struct field name.");
                }

                fields.Add(QuoteFieldName(name) + ": " + ReadType());
                SkipSpace();
                var next = Take();
                if (next == '>')
                {
                    return string.Join(", ", fields);
                }

                if (next != ',')
                {
                    throw new FormatException("Expected ',' or '>'.");
                }
            }
        }

        private string ReadFieldName()
        {
            SkipSpace();
            if (Peek() != '`')
            {
                // The Lakehouse writes names bare as "name: TYPE", whatever characters they hold (a name may hold ':').
                var colon = text.IndexOf(": ", _pos, StringComparison.Ordinal);
                colon = colon < 0 ? text.IndexOf(':', _pos) : colon;
                if (colon <= _pos)
                {
                    throw new FormatException("Expected a struct field name.");
                }

                var bare = text[_pos..colon].TrimEnd();
                _pos = colon;
                return bare;
            }

            _pos++;
            var name = new StringBuilder();
            while (_pos < text.Length)
            {
                var c = text[_pos++];
                if (c != '`')
                {
                    name.Append(c);
                }
                else if (Peek() == '`')
                {
                    name.Append('`');
                    _pos++;
                }
                else
                {
                    return name.ToString();
                }
            }

            throw new FormatException("Unclosed backtick in a struct field name.");
        }

        private string ReadWord()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            return _pos > start ? text[start.._pos] : throw new FormatException("Expected a type name.");
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private char Take() => _pos < text.Length ? text[_pos++] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }
    }
}

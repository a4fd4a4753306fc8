namespace DeltaFunctions.Lakehouse.Commands;

/// <summary>
/// Rewrites a result column's DuckDB type into one DuckDB.NET reads without losing or refusing values: every DECIMAL
/// wider than <see cref="decimal"/> becomes VARCHAR (DuckDB.NET fails or drops digits on them), and inside a STRUCT
/// every non-text element of a LIST and value of a MAP becomes VARCHAR (DuckDB.NET reads a STRUCT's fields with their
/// non-nullable CLR types, so a NULL element of <c>named_struct('l', array(1, NULL))</c> cannot be read).
/// <see cref="DuckDbValues"/> reads the text back by the column's Databricks type.
/// </summary>
internal static class DuckDbReadableType
{
    /// <summary>Gets the type to cast a column to before reading it.</summary>
    /// <param name="duckDbType">The column's DuckDB type, as DESCRIBE prints it.</param>
    /// <returns>The readable DuckDB type, or null when the column is read as it is.</returns>
    public static string? For(string duckDbType)
    {
        string readable;
        try
        {
            var parser = new Parser(duckDbType);
            readable = parser.ReadType(insideStruct: false, element: false);
            if (!parser.AtEnd)
            {
                return null;
            }
        }
        catch (FormatException)
        {
            // A type this reader does not know is read as it is, as before.
            return null;
        }

        return readable == duckDbType ? null : readable;
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public bool AtEnd
        {
            get
            {
                SkipSpace();
                return _pos == text.Length;
            }
        }

        /// <summary>Reads one type and returns its readable text.</summary>
        /// <param name="insideStruct">Whether the type is nested in a STRUCT.</param>
        /// <param name="element">Whether the type is a LIST element or a MAP value.</param>
        public string ReadType(bool insideStruct, bool element)
        {
            SkipSpace();
            string result;
            if (StartsWithWord("STRUCT") && Next("STRUCT".Length) == '(')
            {
                _pos += "STRUCT".Length + 1;
                var fields = new List<string>();
                while (true)
                {
                    SkipSpace();
                    if (Peek() == ')')
                    {
                        _pos++;
                        break;
                    }

                    var name = ReadName();
                    fields.Add(name + " " + ReadType(insideStruct: true, element: false));
                    SkipSpace();
                    if (Peek() == ',')
                    {
                        _pos++;
                    }
                }

                result = "STRUCT(" + string.Join(", ", fields) + ")";
            }
            else if (StartsWithWord("MAP") && Next("MAP".Length) == '(')
            {
                _pos += "MAP".Length + 1;
                var key = ReadType(insideStruct, element: false);
                Expect(',');
                var value = ReadType(insideStruct, element: true);
                Expect(')');
                result = $"MAP({key}, {value})";
            }
            else
            {
                var leaf = ReadLeaf();
                var listed = Peek() == '[';
                result = DuckDbValues.IsWideDecimal(leaf) || insideStruct && (element || listed) && !IsText(leaf) ? "VARCHAR" : leaf;
            }

            SkipSpace();
            while (Peek() == '[')
            {
                var close = text.IndexOf(']', _pos);
                if (close < 0)
                {
                    throw new FormatException(text);
                }

                result += text[_pos..(close + 1)];
                _pos = close + 1;
                SkipSpace();
            }

            return result;
        }

        private static bool IsText(string leaf) => leaf is "VARCHAR" or "BLOB" or "JSON";

        /// <summary>Reads a scalar type: everything up to the next top-level comma, closing parenthesis or list suffix.</summary>
        private string ReadLeaf()
        {
            var start = _pos;
            var depth = 0;
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c is '\'' or '"')
                {
                    SkipQuoted(c);
                    continue;
                }

                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (depth == 0 && c is ',' or '[')
                {
                    break;
                }

                _pos++;
            }

            var leaf = text[start.._pos].Trim();
            return leaf.Length == 0 ? throw new FormatException(text) : leaf;
        }

        private string ReadName()
        {
            SkipSpace();
            var start = _pos;
            if (Peek() == '"')
            {
                SkipQuoted('"');
                return text[start.._pos];
            }

            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }

            return start == _pos ? throw new FormatException(text) : text[start.._pos];
        }

        private void SkipQuoted(char quote)
        {
            _pos++;
            while (_pos < text.Length)
            {
                if (text[_pos] == quote)
                {
                    if (_pos + 1 < text.Length && text[_pos + 1] == quote)
                    {
                        _pos += 2;
                        continue;
                    }

                    _pos++;
                    return;
                }

                _pos++;
            }

            throw new FormatException(text);
        }

        private bool StartsWithWord(string word) =>
            string.Compare(text, _pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0;

        private char Next(int offset) => _pos + offset < text.Length ? text[_pos + offset] : '\0';

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw new FormatException(text);
            }

            _pos++;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }
    }
}

using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>
/// Converts type text between Databricks SQL (<c>BIGINT</c>, <c>ARRAY&lt;STRUCT&lt;a: INT&gt;&gt;</c>) and DuckDB
/// (<c>BIGINT</c>, <c>STRUCT(a INTEGER)[]</c>). Databricks TIMESTAMP is an instant, so it maps to DuckDB
/// TIMESTAMPTZ (the engine's DuckDB sessions run in UTC); TIMESTAMP_NTZ maps to DuckDB TIMESTAMP.
/// </summary>
internal static class SqlTypes
{
    /// <summary>Converts a Databricks type to DuckDB type text.</summary>
    /// <param name="databricksType">The Databricks type text, any case.</param>
    /// <returns>The DuckDB type text.</returns>
    /// <exception cref="LakehouseException">The type is unknown or unsupported.</exception>
    public static string ToDuckDb(string databricksType)
    {
        var reader = new TypeReader(databricksType);
        var result = reader.ReadDatabricks();
        reader.ExpectEnd();
        return result;
    }

    /// <summary>Converts a DuckDB type (as DESCRIBE prints it) to the Databricks type text in upper case.</summary>
    /// <param name="duckDbType">The DuckDB type text.</param>
    /// <returns>The Databricks type text.</returns>
    public static string FromDuckDb(string duckDbType)
    {
        var reader = new TypeReader(duckDbType);
        var result = reader.ReadDuckDb();
        return result;
    }

    /// <summary>Normalizes Databricks type text to the upper-case form Databricks prints (<c>LONG</c> → <c>BIGINT</c>).</summary>
    /// <param name="databricksType">The type text.</param>
    /// <returns>The normalized text.</returns>
    public static string NormalizeDatabricks(string databricksType) => FromDuckDb(ToDuckDb(databricksType));

    /// <summary>Gets the DuckDB expression that makes a query column match its Databricks type in results.</summary>
    /// <param name="duckDbType">The DuckDB type of the column.</param>
    /// <returns>The DuckDB type to cast to, or null when the column needs no cast.</returns>
    public static string? ResultCast(string duckDbType)
    {
        var upper = duckDbType.ToUpperInvariant();
        return upper switch
        {
            "HUGEINT" or "UBIGINT" => "BIGINT",
            "UINTEGER" => "BIGINT",
            "USMALLINT" => "INTEGER",
            "UTINYINT" => "SMALLINT",
            "UUID" or "INTERVAL" or "JSON" or "BIT" or "TIME" or "TIME WITH TIME ZONE" => "VARCHAR",
            "TIMESTAMP_NS" or "TIMESTAMP_MS" or "TIMESTAMP_S" => "TIMESTAMP",
            "\"NULL\"" or "NULL" => "VARCHAR",
            _ when upper.StartsWith("ENUM", StringComparison.Ordinal) => "VARCHAR",
            _ when upper.StartsWith("UNION", StringComparison.Ordinal) => "VARCHAR",
            _ => null,
        };
    }

    /// <summary>Gets the Databricks type family name (type_name) for a Databricks type text.</summary>
    /// <param name="databricksType">The upper-case Databricks type text.</param>
    /// <returns>The family: LONG, INT, DECIMAL, STRING, ….</returns>
    public static string TypeName(string databricksType)
    {
        var head = databricksType.Split('(', '<')[0].Trim().ToUpperInvariant();
        return head switch
        {
            "BIGINT" => "LONG",
            "TINYINT" => "BYTE",
            "SMALLINT" => "SHORT",
            "TIMESTAMP_NTZ" => "TIMESTAMP_NTZ",
            _ => head,
        };
    }

    private sealed class TypeReader(string text)
    {
        private int _pos;

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos < text.Length)
            {
                throw Unsupported();
            }
        }

        public string ReadDatabricks()
        {
            var name = ReadWord().ToUpperInvariant();
            switch (name)
            {
                case "BOOLEAN" or "BOOL":
                    return "BOOLEAN";
                case "TINYINT" or "BYTE":
                    return "TINYINT";
                case "SMALLINT" or "SHORT":
                    return "SMALLINT";
                case "INT" or "INTEGER":
                    return "INTEGER";
                case "BIGINT" or "LONG":
                    return "BIGINT";
                case "FLOAT" or "REAL":
                    return "FLOAT";
                case "DOUBLE":
                    return "DOUBLE";
                case "STRING":
                    return "VARCHAR";
                case "VARCHAR" or "CHAR":
                    SkipArguments();
                    return "VARCHAR";
                case "BINARY":
                    return "BLOB";
                case "DATE":
                    return "DATE";
                case "TIMESTAMP" or "TIMESTAMP_LTZ":
                    return "TIMESTAMPTZ";
                case "TIMESTAMP_NTZ":
                    return "TIMESTAMP";
                case "DECIMAL" or "DEC" or "NUMERIC":
                    {
                        var (p, s) = ReadPrecision();
                        return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({p},{s})");
                    }

                case "ARRAY":
                    {
                        Expect('<');
                        var element = ReadDatabricks();
                        Expect('>');
                        return element + "[]";
                    }

                case "MAP":
                    {
                        Expect('<');
                        var key = ReadDatabricks();
                        Expect(',');
                        var value = ReadDatabricks();
                        Expect('>');
                        return $"MAP({key}, {value})";
                    }

                case "STRUCT":
                    {
                        Expect('<');
                        var fields = new List<string>();
                        SkipSpace();
                        while (Peek() != '>')
                        {
                            var field = ReadFieldName();
                            SkipSpace();
                            if (Peek() == ':')
                            {
                                _pos++;
                            }

                            var type = ReadDatabricks();
                            SkipComment();
                            fields.Add("\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\" " + type);
                            SkipSpace();
                            if (Peek() == ',')
                            {
                                _pos++;
                                SkipSpace();
                            }
                        }

                        Expect('>');
                        return "STRUCT(" + string.Join(", ", fields) + ")";
                    }

                default:
                    throw Unsupported();
            }
        }

        public string ReadDuckDb()
        {
            var name = ReadWord().ToUpperInvariant();
            string result;
            switch (name)
            {
                case "BOOLEAN":
                    result = "BOOLEAN";
                    break;
                case "TINYINT":
                    result = "TINYINT";
                    break;
                case "SMALLINT" or "UTINYINT":
                    result = "SMALLINT";
                    break;
                case "INTEGER" or "USMALLINT":
                    result = "INT";
                    break;
                case "BIGINT" or "HUGEINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT":
                    result = "BIGINT";
                    break;
                case "FLOAT":
                    result = "FLOAT";
                    break;
                case "DOUBLE":
                    result = "DOUBLE";
                    break;
                case "DECIMAL":
                    {
                        var (p, s) = ReadPrecision();
                        result = string.Create(CultureInfo.InvariantCulture, $"DECIMAL({p},{s})");
                        break;
                    }

                case "BLOB":
                    result = "BINARY";
                    break;
                case "DATE":
                    result = "DATE";
                    break;
                case "TIMESTAMP" when TryWords("WITH", "TIME", "ZONE"):
                case "TIMESTAMPTZ":
                    result = "TIMESTAMP";
                    break;
                case "TIMESTAMP" or "TIMESTAMP_NS" or "TIMESTAMP_MS" or "TIMESTAMP_S":
                    result = "TIMESTAMP_NTZ";
                    break;
                case "STRUCT":
                    {
                        Expect('(');
                        var fields = new List<string>();
                        SkipSpace();
                        while (Peek() != ')')
                        {
                            var field = ReadFieldName();
                            var type = ReadDuckDb();
                            fields.Add(field + ": " + type);
                            SkipSpace();
                            if (Peek() == ',')
                            {
                                _pos++;
                                SkipSpace();
                            }
                        }

                        Expect(')');
                        result = "STRUCT<" + string.Join(", ", fields) + ">";
                        break;
                    }

                case "MAP":
                    {
                        Expect('(');
                        var key = ReadDuckDb();
                        Expect(',');
                        var value = ReadDuckDb();
                        Expect(')');
                        result = $"MAP<{key}, {value}>";
                        break;
                    }

                default:
                    SkipArguments();
                    result = "STRING";
                    break;
            }

            SkipSpace();
            while (_pos + 1 < text.Length && text[_pos] == '[')
            {
                // T[] is a list; T[n] a fixed-size array: both are Databricks ARRAYs.
                var close = text.IndexOf(']', _pos);
                _pos = close < 0 ? text.Length : close + 1;
                result = $"ARRAY<{result}>";
                SkipSpace();
            }

            return result;
        }

        private bool TryWords(params string[] words)
        {
            var save = _pos;
            foreach (var w in words)
            {
                SkipSpace();
                if (_pos >= text.Length || !char.IsLetter(text[_pos]) || !ReadWord().Equals(w, StringComparison.OrdinalIgnoreCase))
                {
                    _pos = save;
                    return false;
                }
            }

            return true;
        }

        private (int Precision, int Scale) ReadPrecision()
        {
            SkipSpace();
            if (Peek() != '(')
            {
                return (10, 0);
            }

            _pos++;
            var p = ReadInt();
            var s = 0;
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                s = ReadInt();
            }

            Expect(')');
            if (p is < 1 or > 38 || s < 0 || s > p)
            {
                throw Unsupported();
            }

            return (p, s);
        }

        private int ReadInt()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && char.IsDigit(text[_pos]))
            {
                _pos++;
            }

            return int.TryParse(text.AsSpan(start, _pos - start), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Unsupported();
        }

        private void SkipArguments()
        {
            SkipSpace();
            if (Peek() == '(')
            {
                var close = text.IndexOf(')', _pos);
                _pos = close < 0 ? text.Length : close + 1;
            }
        }

        private void SkipComment()
        {
            SkipSpace();
            if (_pos + 7 <= text.Length && text.AsSpan(_pos, 7).Equals("COMMENT", StringComparison.OrdinalIgnoreCase))
            {
                _pos += 7;
                SkipSpace();
                if (Peek() is '\'' or '"')
                {
                    var q = text[_pos];
                    var end = text.IndexOf(q, _pos + 1);
                    _pos = end < 0 ? text.Length : end + 1;
                }
            }
        }

        private string ReadFieldName()
        {
            SkipSpace();
            var c = Peek();
            if (c is '`' or '"')
            {
                var sb = new StringBuilder();
                _pos++;
                while (_pos < text.Length)
                {
                    if (text[_pos] == c)
                    {
                        if (_pos + 1 < text.Length && text[_pos + 1] == c)
                        {
                            sb.Append(c);
                            _pos += 2;
                            continue;
                        }

                        _pos++;
                        return sb.ToString();
                    }

                    sb.Append(text[_pos++]);
                }

                throw Unsupported();
            }

            return ReadWord();
        }

        private string ReadWord()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            if (start == _pos)
            {
                throw Unsupported();
            }

            return text[start.._pos];
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw Unsupported();
            }

            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private LakehouseException Unsupported() =>
            new("UNSUPPORTED_DATATYPE", "0A000", $"Unsupported data type \"{text}\".");
    }
}

using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>Recursive-descent parser for Databricks SQL type text (<c>array&lt;struct&lt;a: int&gt;&gt;</c>, …).</summary>
internal sealed class SqlTypeParser
{
    private readonly string _text;
    private int _pos;

    private SqlTypeParser(string text) => _text = text;

    public static DeltaType Parse(string text)
    {
        var parser = new SqlTypeParser(text);
        var type = parser.ParseType();
        parser.SkipSpace();
        if (parser._pos != text.Length)
        {
            throw DeltaErrors.InvalidTypeText(text, $"unexpected '{text[parser._pos..]}'");
        }

        return type;
    }

    private DeltaType ParseType()
    {
        var word = ReadWord().ToLowerInvariant();
        switch (word)
        {
            case "bigint" or "long":
                return PrimitiveType.Long;
            case "int" or "integer":
                return PrimitiveType.Integer;
            case "smallint" or "short":
                return PrimitiveType.Short;
            case "tinyint" or "byte":
                return PrimitiveType.Byte;
            case "float" or "real":
                return PrimitiveType.Float;
            case "double":
                return PrimitiveType.Double;
            case "boolean" or "bool":
                return PrimitiveType.Boolean;
            case "binary":
                return PrimitiveType.Binary;
            case "date":
                return PrimitiveType.Date;
            case "timestamp" or "timestamp_ltz":
                return PrimitiveType.Timestamp;
            case "timestamp_ntz":
                return PrimitiveType.TimestampNtz;
            case "variant":
                throw DeltaErrors.UnsupportedDataType("VARIANT");
            case "string":
                return PrimitiveType.String;
            case "varchar" or "char":
                SkipOptionalLength();
                return PrimitiveType.String;
            case "decimal" or "dec" or "numeric":
                return ParseDecimal();
            case "array":
                {
                    Expect('<');
                    var element = ParseType();
                    Expect('>');
                    return new ArrayType(element);
                }

            case "map":
                {
                    Expect('<');
                    var key = ParseType();
                    Expect(',');
                    var value = ParseType();
                    Expect('>');
                    return new MapType(key, value);
                }

            case "struct":
                return ParseStruct();
            default:
                throw DeltaErrors.UnsupportedDataType(word.Length == 0 ? _text : word.ToUpperInvariant());
        }
    }

    private DecimalType ParseDecimal()
    {
        SkipSpace();
        if (!TryConsume('('))
        {
            return new DecimalType(10, 0);
        }

        var precision = ReadInt();
        var scale = 0;
        if (TryConsume(','))
        {
            scale = ReadInt();
        }

        Expect(')');
        if (precision is < 1 or > 38 || scale < 0 || scale > precision)
        {
            throw DeltaErrors.InvalidTypeText(_text, $"decimal precision {precision} and scale {scale} are out of range");
        }

        return new DecimalType(precision, scale);
    }

    private StructType ParseStruct()
    {
        Expect('<');
        var fields = new List<StructField>();
        SkipSpace();
        if (TryConsume('>'))
        {
            return new StructType(fields);
        }

        do
        {
            var name = ReadName();
            SkipSpace();
            TryConsume(':');
            var type = ParseType();
            var nullable = true;
            string? comment = null;
            while (true)
            {
                var save = _pos;
                var word = ReadWord().ToLowerInvariant();
                if (word == "not" && ReadWord().Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    nullable = false;
                }
                else if (word == "comment")
                {
                    comment = ReadQuoted();
                }
                else
                {
                    _pos = save;
                    break;
                }
            }

            var field = new StructField(name, type, nullable);
            fields.Add(comment is null ? field : field.WithComment(comment));
        }
        while (TryConsume(','));

        Expect('>');
        return new StructType(fields);
    }

    private string ReadName()
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == '`')
        {
            var sb = new StringBuilder();
            _pos++;
            while (_pos < _text.Length)
            {
                if (_text[_pos] == '`')
                {
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == '`')
                    {
                        sb.Append('`');
                        _pos += 2;
                        continue;
                    }

                    _pos++;
                    return sb.ToString();
                }

                sb.Append(_text[_pos++]);
            }

            throw DeltaErrors.InvalidTypeText(_text, "unterminated backtick");
        }

        var word = ReadWord();
        return word.Length == 0 ? throw DeltaErrors.InvalidTypeText(_text, "field name expected") : word;
    }

    private string ReadQuoted()
    {
        SkipSpace();
        if (_pos >= _text.Length || (_text[_pos] != '\'' && _text[_pos] != '"'))
        {
            throw DeltaErrors.InvalidTypeText(_text, "string literal expected");
        }

        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
            }

            sb.Append(_text[_pos++]);
        }

        Expect(quote);
        return sb.ToString();
    }

    private void SkipOptionalLength()
    {
        SkipSpace();
        if (TryConsume('('))
        {
            ReadInt();
            Expect(')');
        }
    }

    private string ReadWord()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private int ReadInt()
    {
        var word = ReadWord();
        return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw DeltaErrors.InvalidTypeText(_text, "number expected");
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool TryConsume(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw DeltaErrors.InvalidTypeText(_text, $"'{c}' expected at position {_pos}");
        }
    }
}

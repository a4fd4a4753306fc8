using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Sql.Json;

/// <summary>
/// Reads one JSON document the way Spark's Jackson-based JSON reader does with its <c>JSONOptions</c> defaults:
/// single quotes allowed, <c>NaN</c> / <c>Infinity</c> / <c>-INF</c> number tokens allowed, leading zeros,
/// comments, unquoted field names, unescaped control characters and backslash-escaping any character refused
/// unless the matching option enables them. Only the first value is read: like Jackson, text after the root value
/// is never looked at. A syntax error throws <see cref="FormatException"/>.
/// </summary>
internal sealed class SparkJsonReader
{
    // What ends the plain run of a string: its quote, a backslash, or a control character (which the slow path
    // refuses or keeps, depending on the options).
    private static readonly System.Buffers.SearchValues<char> PlainStringStops = System.Buffers.SearchValues.Create(ControlCharacters() + "\"\\");
    private static readonly System.Buffers.SearchValues<char> PlainSingleQuotedStops = System.Buffers.SearchValues.Create(ControlCharacters() + "'\\");

    private readonly string _text;
    private readonly SparkJsonOptions _options;
    private int _pos;

    private SparkJsonReader(string text, SparkJsonOptions options)
    {
        _text = text;
        _options = options;
    }

    /// <summary>Reads the first JSON value of <paramref name="text"/>.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="options">The parser options.</param>
    /// <returns>The value, or null when the text holds only whitespace.</returns>
    /// <exception cref="FormatException">The text is not JSON under the options.</exception>
    public static JsonNodeValue? Read(string text, SparkJsonOptions options)
    {
        var reader = new SparkJsonReader(text, options);
        reader.SkipSpace();
        return reader._pos >= text.Length ? null : reader.ReadValue(0);
    }

    private JsonNodeValue ReadValue(int depth)
    {
        if (depth > 1000)
        {
            throw new FormatException("JSON nesting is too deep.");
        }

        SkipSpace();
        var c = Peek();
        switch (c)
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                return JsonNodeValue.String(ReadString('"'));
            case '\'' when _options.AllowSingleQuotes:
                return JsonNodeValue.String(ReadString('\''));
            case 't':
                ExpectWord("true");
                return JsonNodeValue.True;
            case 'f':
                ExpectWord("false");
                return JsonNodeValue.False;
            case 'n':
                ExpectWord("null");
                return JsonNodeValue.Null;
            default:
                return ReadNumber();
        }
    }

    private JsonNodeValue ReadObject(int depth)
    {
        var start = _pos++;
        var members = new List<KeyValuePair<string, JsonNodeValue>>();
        SkipSpace();
        if (Peek() == '}')
        {
            _pos++;
            return JsonNodeValue.Object(members, _text, start, _pos - start);
        }

        while (true)
        {
            SkipSpace();
            var name = Peek() switch
            {
                '"' => ReadString('"'),
                '\'' when _options.AllowSingleQuotes => ReadString('\''),
                _ when _options.AllowUnquotedFieldNames => ReadUnquotedName(),
                _ => throw Error("a field name"),
            };
            SkipSpace();
            Expect(':');
            members.Add(new(name, ReadValue(depth + 1)));
            SkipSpace();
            var next = Take();
            if (next == '}')
            {
                return JsonNodeValue.Object(members, _text, start, _pos - start);
            }

            if (next != ',')
            {
                throw Error("',' or '}'");
            }
        }
    }

    private JsonNodeValue ReadArray(int depth)
    {
        var start = _pos++;
        var items = new List<JsonNodeValue>();
        SkipSpace();
        if (Peek() == ']')
        {
            _pos++;
            return JsonNodeValue.Array(items, _text, start, _pos - start);
        }

        while (true)
        {
            items.Add(ReadValue(depth + 1));
            SkipSpace();
            var next = Take();
            if (next == ']')
            {
                return JsonNodeValue.Array(items, _text, start, _pos - start);
            }

            if (next != ',')
            {
                throw Error("',' or ']'");
            }
        }
    }

    private string ReadString(char quote)
    {
        _pos++;

        // Most strings hold no escape and no control character: cut them straight out of the text.
        var rest = _text.AsSpan(_pos);
        var end = quote == '"' ? rest.IndexOfAny(PlainStringStops) : rest.IndexOfAny(PlainSingleQuotedStops);
        if (end >= 0 && rest[end] == quote)
        {
            var plain = _text.Substring(_pos, end);
            _pos += end + 1;
            return plain;
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("the end of a string");
            }

            var c = _text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\')
            {
                sb.Append(ReadEscape());
                continue;
            }

            if (c < ' ' && !_options.AllowUnquotedControlChars)
            {
                throw new FormatException("Illegal unquoted character in a JSON string: a control character must be escaped.");
            }

            sb.Append(c);
        }
    }

    private char ReadEscape()
    {
        if (_pos >= _text.Length)
        {
            throw Error("an escape");
        }

        var c = _text[_pos++];
        switch (c)
        {
            case '"' or '\\' or '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (_pos + 4 > _text.Length
                    || !ushort.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw Error("four hex digits after \\u");
                }

                _pos += 4;
                return (char)code;

            // Jackson accepts \' when single quotes are enabled, and any escaped character with
            // allowBackslashEscapingAnyCharacter.
            case '\'' when _options.AllowSingleQuotes:
                return c;
            default:
                return _options.AllowBackslashEscapingAnyCharacter ? c : throw new FormatException($"Unrecognized character escape '\\{c}'.");
        }
    }

    private string ReadUnquotedName()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
        {
            _pos++;
        }

        return start == _pos ? throw Error("a field name") : _text[start.._pos];
    }

    private JsonNodeValue ReadNumber()
    {
        var start = _pos;
        var sign = Peek();
        if (sign is '-' or '+')
        {
            _pos++;
        }

        if (_options.AllowNonNumericNumbers)
        {
            // Jackson's non-numeric numbers: NaN, Infinity, +Infinity, -Infinity, +INF, -INF.
            foreach (var word in (ReadOnlySpan<string>)["Infinity", "INF", "NaN"])
            {
                if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0 && !IsWordChar(_pos + word.Length)
                    && (word != "INF" || sign is '-' or '+') && (word != "NaN" || _pos == start))
                {
                    _pos += word.Length;
                    return JsonNodeValue.Number(_text[start.._pos], isInteger: false);
                }
            }
        }

        if (sign == '+')
        {
            throw Error("a value");
        }

        var intStart = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        var intDigits = _pos - intStart;
        if (intDigits == 0)
        {
            throw Error("a value");
        }

        if (intDigits > 1 && _text[intStart] == '0' && !_options.AllowNumericLeadingZeros)
        {
            throw new FormatException("Invalid numeric value: leading zeroes are not allowed.");
        }

        var isInteger = true;
        if (Peek() == '.')
        {
            _pos++;
            isInteger = false;
            var fractionStart = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == fractionStart)
            {
                throw Error("a digit after the decimal point");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            isInteger = false;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            var exponentStart = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == exponentStart)
            {
                throw Error("a digit in the exponent");
            }
        }

        if (IsWordChar(_pos))
        {
            throw Error("the end of a number");
        }

        return JsonNodeValue.Number(_text[start.._pos], isInteger);
    }

    private bool IsWordChar(int index) => index < _text.Length && (char.IsLetterOrDigit(_text[index]) || _text[index] == '_');

    private void ExpectWord(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0 || IsWordChar(_pos + word.Length))
        {
            throw Error("a value");
        }

        _pos += word.Length;
    }

    private void Expect(char c)
    {
        if (Take() != c)
        {
            throw Error($"'{c}'");
        }
    }

    private char Take() => _pos < _text.Length ? _text[_pos++] : '\0';

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '/' && _options.AllowComments && _pos + 1 < _text.Length && _text[_pos + 1] is '/' or '*')
            {
                var block = _text[_pos + 1] == '*';
                var end = block ? _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal) : _text.IndexOf('\n', _pos + 2);
                _pos = end < 0 ? (block ? throw Error("the end of a comment") : _text.Length) : end + (block ? 2 : 1);
            }
            else
            {
                return;
            }
        }
    }

    private static string ControlCharacters() => new([.. Enumerable.Range(0, 0x20).Select(c => (char)c)]);

    private FormatException Error(string expected) =>
        new(_pos >= _text.Length
            ? $"Unexpected end of JSON input: expected {expected}."
            : string.Create(CultureInfo.InvariantCulture, $"Unexpected character '{_text[_pos]}' at position {_pos}: expected {expected}."));
}

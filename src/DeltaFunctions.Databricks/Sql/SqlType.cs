using System.Globalization;
using System.Text;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A Databricks SQL data type: a primitive (with precision and scale for DECIMAL), or ARRAY, MAP or STRUCT over
/// other types. Parsed from the <c>type_text</c> of a manifest or catalog column; <see cref="ToString"/> renders
/// the canonical SQL spelling, so it can be pasted into DDL.
/// </summary>
public sealed record SqlType
{
    private SqlType(SqlTypeName name)
    {
        Name = name;
    }

    /// <summary>Gets the type name (for BIGINT this is <see cref="SqlTypeName.Long"/>).</summary>
    public SqlTypeName Name { get; }

    /// <summary>Gets the decimal precision (DECIMAL only).</summary>
    public int Precision { get; private init; }

    /// <summary>Gets the decimal scale (DECIMAL only).</summary>
    public int Scale { get; private init; }

    /// <summary>Gets the element type (ARRAY only).</summary>
    public SqlType? ElementType { get; private init; }

    /// <summary>Gets the key type (MAP only).</summary>
    public SqlType? KeyType { get; private init; }

    /// <summary>Gets the value type (MAP only).</summary>
    public SqlType? ValueType { get; private init; }

    /// <summary>Gets the fields (STRUCT only).</summary>
    public IReadOnlyList<SqlStructField> Fields { get; private init; } = [];

    /// <summary>Gets the text kept for types the library does not model (INTERVAL qualifiers, user-defined types).</summary>
    public string? Text { get; private init; }

    /// <summary>Gets BOOLEAN.</summary>
    public static SqlType Boolean { get; } = new(SqlTypeName.Boolean);

    /// <summary>Gets TINYINT (BYTE).</summary>
    public static SqlType Byte { get; } = new(SqlTypeName.Byte);

    /// <summary>Gets SMALLINT (SHORT).</summary>
    public static SqlType Short { get; } = new(SqlTypeName.Short);

    /// <summary>Gets INT.</summary>
    public static SqlType Int { get; } = new(SqlTypeName.Int);

    /// <summary>Gets BIGINT (LONG).</summary>
    public static SqlType Long { get; } = new(SqlTypeName.Long);

    /// <summary>Gets FLOAT.</summary>
    public static SqlType Float { get; } = new(SqlTypeName.Float);

    /// <summary>Gets DOUBLE.</summary>
    public static SqlType Double { get; } = new(SqlTypeName.Double);

    /// <summary>Gets STRING.</summary>
    public static SqlType String { get; } = new(SqlTypeName.String);

    /// <summary>Gets BINARY.</summary>
    public static SqlType Binary { get; } = new(SqlTypeName.Binary);

    /// <summary>Gets DATE.</summary>
    public static SqlType Date { get; } = new(SqlTypeName.Date);

    /// <summary>Gets TIMESTAMP (an instant, shown in the session time zone).</summary>
    public static SqlType Timestamp { get; } = new(SqlTypeName.Timestamp);

    /// <summary>Gets TIMESTAMP_NTZ (a wall-clock time without time zone).</summary>
    public static SqlType TimestampNtz { get; } = new(SqlTypeName.TimestampNtz);

    /// <summary>Gets the NULL (VOID) type.</summary>
    public static SqlType Null { get; } = new(SqlTypeName.Null);

    /// <summary>Gets a value indicating whether this is ARRAY, MAP or STRUCT.</summary>
    public bool IsComplex => Name == SqlTypeName.Array || Name == SqlTypeName.Map || Name == SqlTypeName.Struct;

    /// <summary>Gets a value indicating whether this is TINYINT, SMALLINT, INT or BIGINT.</summary>
    public bool IsInteger => Name == SqlTypeName.Byte || Name == SqlTypeName.Short || Name == SqlTypeName.Int || Name == SqlTypeName.Long;

    /// <summary>The largest DECIMAL precision Databricks supports.</summary>
    public const int MaxDecimalPrecision = 38;

    /// <summary>Creates DECIMAL(precision, scale).</summary>
    /// <param name="precision">The precision, 1–38.</param>
    /// <param name="scale">The scale, 0–precision.</param>
    /// <returns>The type.</returns>
    public static SqlType Decimal(int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxDecimalPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        return new SqlType(SqlTypeName.Decimal) { Precision = precision, Scale = scale };
    }

    /// <summary>Creates ARRAY&lt;element&gt;.</summary>
    /// <param name="element">The element type.</param>
    /// <returns>The type.</returns>
    public static SqlType Array(SqlType element) =>
        new(SqlTypeName.Array) { ElementType = element ?? throw new ArgumentNullException(nameof(element)) };

    /// <summary>Creates MAP&lt;key, value&gt;.</summary>
    /// <param name="key">The key type.</param>
    /// <param name="value">The value type.</param>
    /// <returns>The type.</returns>
    public static SqlType Map(SqlType key, SqlType value) => new(SqlTypeName.Map)
    {
        KeyType = key ?? throw new ArgumentNullException(nameof(key)),
        ValueType = value ?? throw new ArgumentNullException(nameof(value)),
    };

    /// <summary>Creates STRUCT&lt;fields&gt;.</summary>
    /// <param name="fields">The fields, with unique names.</param>
    /// <returns>The type.</returns>
    public static SqlType Struct(IReadOnlyList<SqlStructField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new SqlType(SqlTypeName.Struct) { Fields = [.. fields] };
    }

    /// <summary>Creates a type from a manifest or catalog column.</summary>
    /// <param name="typeName">The <c>type_name</c>.</param>
    /// <param name="typeText">The <c>type_text</c>, preferred when present.</param>
    /// <param name="precision">The <c>type_precision</c>.</param>
    /// <param name="scale">The <c>type_scale</c>.</param>
    /// <returns>The type.</returns>
    public static SqlType FromColumn(SqlTypeName typeName, string? typeText, int? precision, int? scale)
    {
        if (!string.IsNullOrWhiteSpace(typeText) && TryParse(typeText, out var parsed))
        {
            if (parsed.Name == SqlTypeName.Decimal && precision is { } p && typeText.IndexOf('(', StringComparison.Ordinal) < 0)
            {
                return Decimal(p, scale ?? 0);
            }

            return parsed;
        }

        if (typeName == SqlTypeName.Decimal)
        {
            return Decimal(precision ?? 10, scale ?? 0);
        }

        return typeName.Value is null ? String : FromName(typeName.Value) ?? new SqlType(typeName) { Text = typeText };
    }

    /// <summary>Parses a type text such as <c>DECIMAL(10,2)</c>, <c>ARRAY&lt;STRUCT&lt;a: INT&gt;&gt;</c> or <c>bigint</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The type.</returns>
    /// <exception cref="FormatException">The text is not a type.</exception>
    public static SqlType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var type) ? type : throw new FormatException($"'{text}' is not a Databricks SQL type.");
    }

    /// <summary>Tries to parse a type text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="type">The type, when parsed.</param>
    /// <returns>Whether the text is a type.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SqlType? type)
    {
        type = null;
        if (text is null)
        {
            return false;
        }

        var parser = new SqlTypeParser(text);
        try
        {
            var parsed = parser.ParseType();
            parser.SkipSpace();
            if (!parser.AtEnd)
            {
                return false;
            }

            type = parsed;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(SqlType? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Name == other.Name
            && Precision == other.Precision
            && Scale == other.Scale
            && Equals(ElementType, other.ElementType)
            && Equals(KeyType, other.KeyType)
            && Equals(ValueType, other.ValueType)
            && Fields.SequenceEqual(other.Fields)
            && string.Equals(Text, other.Text, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Precision, Scale, ElementType, KeyType, ValueType, Fields.Count);

    /// <summary>Renders the canonical SQL spelling, for example <c>DECIMAL(10,2)</c> or <c>MAP&lt;STRING, BIGINT&gt;</c>.</summary>
    /// <returns>The SQL type text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Render(builder);
        return builder.ToString();
    }

    internal static SqlType? FromName(string name) => name.ToUpperInvariant() switch
    {
        "BOOLEAN" or "BOOL" => Boolean,
        "BYTE" or "TINYINT" => Byte,
        "SHORT" or "SMALLINT" => Short,
        "INT" or "INTEGER" => Int,
        "LONG" or "BIGINT" => Long,
        "FLOAT" or "REAL" => Float,
        "DOUBLE" => Double,
        "STRING" or "VARCHAR" or "CHAR" or "TEXT" => String,
        "BINARY" => Binary,
        "DATE" => Date,
        "TIMESTAMP" or "TIMESTAMP_LTZ" => Timestamp,
        "TIMESTAMP_NTZ" => TimestampNtz,
        "NULL" or "VOID" => Null,
        "DECIMAL" or "DEC" or "NUMERIC" => Decimal(10, 0),
        "VARIANT" => new SqlType(SqlTypeName.Variant),
        _ => null,
    };

    internal void Render(StringBuilder builder)
    {
        switch (Name.Value)
        {
            case "BYTE":
                builder.Append("TINYINT");
                break;
            case "SHORT":
                builder.Append("SMALLINT");
                break;
            case "LONG":
                builder.Append("BIGINT");
                break;
            case "NULL":
                builder.Append("VOID");
                break;
            case "DECIMAL":
                builder.Append("DECIMAL(").Append(Precision.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Scale.ToString(CultureInfo.InvariantCulture)).Append(')');
                break;
            case "ARRAY":
                builder.Append("ARRAY<");
                ElementType!.Render(builder);
                builder.Append('>');
                break;
            case "MAP":
                builder.Append("MAP<");
                KeyType!.Render(builder);
                builder.Append(", ");
                ValueType!.Render(builder);
                builder.Append('>');
                break;
            case "STRUCT":
                builder.Append("STRUCT<");
                for (var i = 0; i < Fields.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    builder.Append(SqlIdentifier.Quote(Fields[i].Name)).Append(": ");
                    Fields[i].Type.Render(builder);
                    if (!Fields[i].Nullable)
                    {
                        builder.Append(" NOT NULL");
                    }
                }

                builder.Append('>');
                break;
            default:
                builder.Append(Text ?? Name.Value);
                break;
        }
    }

    private sealed class SqlTypeParser(string text)
    {
        private int _position;

        public bool AtEnd => _position >= text.Length;

        public void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        public SqlType ParseType()
        {
            SkipSpace();
            var word = ReadWord();
            if (word.Length == 0)
            {
                throw new FormatException("Expected a type name.");
            }

            switch (word.ToUpperInvariant())
            {
                case "ARRAY":
                    Expect('<');
                    var element = ParseType();
                    Expect('>');
                    return Array(element);
                case "MAP":
                    Expect('<');
                    var key = ParseType();
                    Expect(',');
                    var value = ParseType();
                    Expect('>');
                    return Map(key, value);
                case "STRUCT":
                    return ParseStruct();
                case "DECIMAL" or "DEC" or "NUMERIC":
                    SkipSpace();
                    if (Peek('('))
                    {
                        Expect('(');
                        var precision = ReadInt();
                        var scale = 0;
                        SkipSpace();
                        if (Peek(','))
                        {
                            Expect(',');
                            scale = ReadInt();
                        }

                        Expect(')');
                        return Decimal(precision, scale);
                    }

                    return Decimal(10, 0);
                case "VARCHAR" or "CHAR":
                    SkipSpace();
                    if (Peek('('))
                    {
                        Expect('(');
                        _ = ReadInt();
                        Expect(')');
                    }

                    return String;
                case "INTERVAL":
                    var start = _position;
                    while (_position < text.Length && (char.IsAsciiLetter(text[_position]) || text[_position] == ' '))
                    {
                        _position++;
                    }

                    return new SqlType(SqlTypeName.Interval) { Text = ("INTERVAL " + text[start.._position].Trim()).Trim() };
                default:
                    return FromName(word) ?? new SqlType(new SqlTypeName(word.ToUpperInvariant())) { Text = word };
            }
        }

        private SqlType ParseStruct()
        {
            Expect('<');
            var fields = new List<SqlStructField>();
            SkipSpace();
            if (Peek('>'))
            {
                Expect('>');
                return Struct(fields);
            }

            while (true)
            {
                SkipSpace();
                var name = ReadFieldName();
                SkipSpace();
                if (Peek(':'))
                {
                    Expect(':');
                }

                var type = ParseType();
                var nullable = true;
                SkipSpace();
                if (TryKeyword("NOT"))
                {
                    SkipSpace();
                    if (!TryKeyword("NULL"))
                    {
                        throw new FormatException("Expected NULL after NOT.");
                    }

                    nullable = false;
                }

                SkipSpace();
                if (TryKeyword("COMMENT"))
                {
                    SkipSpace();
                    SkipStringLiteral();
                }

                fields.Add(new SqlStructField(name, type, nullable));
                SkipSpace();
                if (Peek(','))
                {
                    Expect(',');
                    continue;
                }

                Expect('>');
                return Struct(fields);
            }
        }

        private string ReadFieldName()
        {
            if (Peek('`'))
            {
                _position++;
                var builder = new StringBuilder();
                while (true)
                {
                    if (_position >= text.Length)
                    {
                        throw new FormatException("Unterminated quoted field name.");
                    }

                    var c = text[_position++];
                    if (c == '`')
                    {
                        if (_position < text.Length && text[_position] == '`')
                        {
                            builder.Append('`');
                            _position++;
                            continue;
                        }

                        return builder.ToString();
                    }

                    builder.Append(c);
                }
            }

            var word = ReadWord();
            return word.Length == 0 ? throw new FormatException("Expected a field name.") : word;
        }

        private void SkipStringLiteral()
        {
            if (_position >= text.Length || text[_position] is not ('\'' or '"'))
            {
                throw new FormatException("Expected a string literal.");
            }

            var quote = text[_position++];
            while (_position < text.Length)
            {
                var c = text[_position++];
                if (c == '\\')
                {
                    _position++;
                }
                else if (c == quote)
                {
                    return;
                }
            }

            throw new FormatException("Unterminated string literal.");
        }

        private bool TryKeyword(string keyword)
        {
            if (string.Compare(text, _position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (_position + keyword.Length >= text.Length || !IsWordChar(text[_position + keyword.Length])))
            {
                _position += keyword.Length;
                return true;
            }

            return false;
        }

        private string ReadWord()
        {
            var start = _position;
            while (_position < text.Length && IsWordChar(text[_position]))
            {
                _position++;
            }

            return text[start.._position];
        }

        private int ReadInt()
        {
            SkipSpace();
            var start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }

            return start == _position
                ? throw new FormatException("Expected a number.")
                : int.Parse(text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture);
        }

        private bool Peek(char c)
        {
            SkipSpace();
            return _position < text.Length && text[_position] == c;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (_position >= text.Length || text[_position] != c)
            {
                throw new FormatException($"Expected '{c}' at {_position}.");
            }

            _position++;
        }

        private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}

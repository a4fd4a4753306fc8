using System.Globalization;
using System.Text;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Partition values: the protocol's string serialization (PROTOCOL.md, "Partition Value Serialization"), the
/// Hive-style escaping of <c>col=value</c> folder names, and the URI encoding of paths in add actions.
/// </summary>
internal static class PartitionValues
{
    /// <summary>The folder value Spark uses for NULL partition values.</summary>
    public const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>Gets a partition value by column name (exact, then case-insensitive); null when NULL or absent.</summary>
    public static string? Get(IReadOnlyDictionary<string, string?> values, string column)
    {
        if (values.TryGetValue(column, out var value))
        {
            return value;
        }

        foreach (var (key, v) in values)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>
    /// Gets a file's partition value for a logical partition column, honouring column mapping (the log keys
    /// partition values by physical name when column mapping is on).
    /// </summary>
    /// <param name="metadata">The table metadata.</param>
    /// <param name="file">The data file.</param>
    /// <param name="logicalColumn">The logical partition column name.</param>
    /// <returns>The serialized value, or null for NULL.</returns>
    public static string? Get(MetadataAction metadata, AddFile file, string logicalColumn)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(file);
        return Get(file.PartitionValues, KeyFor(metadata, logicalColumn));
    }

    /// <summary>Gets the partitionValues key of a logical partition column (its physical name under column mapping).</summary>
    public static string KeyFor(MetadataAction metadata, string logicalColumn)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.ColumnMappingMode != "none" && metadata.Schema.Find(logicalColumn) is { PhysicalName: { } physical }
            ? physical
            : logicalColumn;
    }

    /// <summary>
    /// Gets the DuckDB expression that turns a serialized partition value (VARCHAR) into the column type. An
    /// empty string is NULL for every type but STRING; timestamps are read as UTC (plain or ISO 8601 form).
    /// </summary>
    public static string CastExpression(string expression, DeltaType type)
    {
        if (type.Equals(PrimitiveType.String))
        {
            return expression;
        }

        if (type.Equals(PrimitiveType.Binary))
        {
            return $"encode(NULLIF({expression}, ''))";
        }

        return $"CAST(NULLIF({expression}, '') AS {type.ToDuckDbType()})";
    }

    /// <summary>
    /// Gets the DuckDB expression that serializes a column value as a partition value string (NULL stays NULL):
    /// dates as <c>yyyy-MM-dd</c>, timestamps as <c>yyyy-MM-dd HH:mm:ss.ffffff</c> in UTC, booleans as
    /// <c>true</c>/<c>false</c>, numbers in plain form.
    /// </summary>
    public static string SerializeExpression(string expression, DeltaType type)
    {
        if (type.Equals(PrimitiveType.Timestamp))
        {
            return $"strftime(timezone('UTC', {expression}), '%Y-%m-%d %H:%M:%S.%f')";
        }

        if (type.Equals(PrimitiveType.TimestampNtz))
        {
            return $"strftime({expression}, '%Y-%m-%d %H:%M:%S.%f')";
        }

        if (type.Equals(PrimitiveType.Binary))
        {
            return $"decode({expression})";
        }

        return $"CAST({expression} AS VARCHAR)";
    }

    /// <summary>Escapes a partition value for a folder name as Hive/Spark do (<c>:</c> → <c>%3A</c>, …).</summary>
    public static string EscapePathValue(string? value)
    {
        if (value is null)
        {
            return HiveDefaultPartition;
        }

        if (value.Length == 0)
        {
            return HiveDefaultPartition;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Unescapes a Hive-escaped folder value.</summary>
    public static string? UnescapePathValue(string escaped)
    {
        if (escaped == HiveDefaultPartition)
        {
            return null;
        }

        var sb = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '%' && i + 2 < escaped.Length
                && int.TryParse(escaped.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else
            {
                sb.Append(escaped[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Builds the relative folder for a file's partition values: <c>a=1/b=x%3Ay/</c> (empty when unpartitioned).</summary>
    public static string Folder(IReadOnlyList<string> partitionColumns, IReadOnlyDictionary<string, string?> values)
    {
        var sb = new StringBuilder();
        foreach (var column in partitionColumns)
        {
            sb.Append(EscapePathValue(column)).Append('=').Append(EscapePathValue(Get(values, column))).Append('/');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Encodes a relative file path as the URI path the log stores (RFC 3986 path characters kept, everything
    /// else percent-encoded, so <c>%3A</c> in a folder name becomes <c>%253A</c>).
    /// </summary>
    public static string EncodeUriPath(string relativePath)
    {
        var sb = new StringBuilder(relativePath.Length);
        foreach (var b in Encoding.UTF8.GetBytes(relativePath))
        {
            var c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".Contains(c, StringComparison.Ordinal)))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c == '\u007F' || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^';
}

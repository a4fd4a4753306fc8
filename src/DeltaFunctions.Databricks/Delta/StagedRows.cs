using System.Globalization;
using System.Numerics;
using System.Text;
using DeltaFunctions.Databricks.Sql;
using Parquet;
using Parquet.Schema;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// In-memory rows staged as ONE Parquet file on a volume and read back with
/// <c>read_files(:path, format =&gt; 'parquet')</c>. Columns are positional (<c>c0</c>, <c>c1</c>, …) and typed to match
/// the target: BOOLEAN, TINYINT…BIGINT, FLOAT, DOUBLE, DECIMAL(p,s) (rounded half-up to the scale, as Spark's CAST does),
/// DATE, TIMESTAMP (UTC-adjusted micros), TIMESTAMP_NTZ (wall-clock micros), STRING and BINARY. The load still
/// casts every column to its SQL type, so a column whose values do not convert exactly (a string in a BIGINT column,
/// a local-time <see cref="DateTime"/> in a TIMESTAMP column, INTERVAL, VARIANT, …) travels as the same text the
/// bound-parameter path would send and gets the same CAST. ARRAY, MAP and STRUCT columns travel as JSON text in a
/// STRING column read back with <c>from_json</c>: Parquet.Net 6 writes nested columns only from hand-computed
/// repetition and definition levels, and the JSON text is exactly what the one-parameter encoding sends.
/// </summary>
internal static class StagedRows
{
    /// <summary>The folder, under the staging volume path, that holds staged files.</summary>
    public const string Folder = "_deltafunctions_staging";

    /// <summary>The statement size limit of the SQL Statement Execution API (reference §4.1: statement ≤ 16 MiB).</summary>
    public const long StatementLimitBytes = 16L * 1024 * 1024;

    /// <summary>
    /// The most rows in one Parquet row group. DuckDB (and Spark) split a file's read by row group, so a batch over
    /// this size is cut into equal groups (100,000 rows: two of 50,000) that the reader's threads share evenly.
    /// </summary>
    internal const int RowGroupRows = 65_536;

    /// <summary>Whether a batch goes to a volume rather than into the statement.</summary>
    public static bool ShouldStage(RowSource source, string? volume, long thresholdBytes) =>
        volume is not null && source.RowCount > 0 && EstimateJsonBytes(source) > thresholdBytes;

    /// <summary>A fresh staged-file path under the volume directory.</summary>
    public static string NewPath(string volume)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(volume);
        if (!volume.StartsWith("/Volumes/", StringComparison.Ordinal))
        {
            throw new ArgumentException("The staging path must be a volume directory: /Volumes/<catalog>/<schema>/<volume>[/dir].", nameof(volume));
        }

        return volume.TrimEnd('/') + "/" + Folder + "/" + Guid.NewGuid().ToString("N") + ".parquet";
    }

    /// <summary>The serialized size of the rows as the one-parameter JSON encoding, estimated from a sample.</summary>
    public static long EstimateJsonBytes(RowSource source)
    {
        // Sample up to 100 rows and extrapolate, so deciding costs little for huge batches.
        var sample = Math.Min(100, source.RowCount);
        if (sample == 0)
        {
            return 0;
        }

        return (long)(Encoding.UTF8.GetByteCount(source.ToJson(sample)) * ((double)source.RowCount / sample));
    }

    /// <summary>The SELECT that reads the staged file back as named, typed columns.</summary>
    public static string Select(RowSource source, string pathMarker)
    {
        var projection = string.Join(", ", source.Columns.Select((c, i) =>
        {
            var field = "`c" + i.ToString(CultureInfo.InvariantCulture) + "`";
            var expression = c.Type.IsComplex ? $"from_json({field}, '{c.Type}')" : $"CAST({field} AS {c.Type})";
            return expression + " AS " + SqlIdentifier.Quote(c.Name);
        }));
        return $"SELECT {projection} FROM read_files({pathMarker}, format => 'parquet')";
    }

    /// <summary>
    /// Writes the rows as one Parquet file. Each column is converted once, for every row, before anything is written:
    /// to its typed values when every non-null value converts exactly (a column without nulls is written as a REQUIRED
    /// field, without definition levels), or else to parameter text. A value that cannot be sent is refused here,
    /// before any upload.
    /// </summary>
    /// <param name="source">The rows.</param>
    /// <param name="output">The stream the file is written to.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static async Task WriteParquetAsync(RowSource source, Stream output, CancellationToken cancellationToken)
    {
        var columns = new ColumnWriter[source.Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            columns[i] = ColumnWriter.For(source, i);
        }

        var schema = new ParquetSchema(columns.Select(c => c.Field));
        var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            var rows = source.RowCount;
            var groups = Math.Max(1, (rows + RowGroupRows - 1) / RowGroupRows);
            for (var g = 0; g < groups; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = (int)((long)rows * g / groups);
                var count = (int)((long)rows * (g + 1) / groups) - start;
                using var group = writer.CreateRowGroup();
                foreach (var column in columns)
                {
                    await column.WriteAsync(group, start, count, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One column of the file, converted for every row before the first row group is written.</summary>
    private abstract class ColumnWriter(DataField field)
    {
        public DataField Field { get; } = field;

        public static ColumnWriter For(RowSource source, int ordinal)
        {
            var column = source.Columns[ordinal];
            var type = column.Type;
            var data = source.Data[ordinal];
            var name = "c" + ordinal.ToString(CultureInfo.InvariantCulture);
            if (type.IsComplex)
            {
                return TextColumn.Create(name, data, v => RowSource.ComplexValueJson(v, type, column.Name));
            }

            // The source's typed values are converted column by column (a boxed value only where the source holds
            // objects); the conversions are exact or refused, see each one below.
            ColumnWriter? typed = type.Name.Value switch
            {
                "BOOLEAN" => Typed<bool, ToBoolean>(default),
                "BYTE" => Typed<sbyte, ToInteger<sbyte>>(default),
                "SHORT" => Typed<short, ToInteger<short>>(default),
                "INT" => Typed<int, ToInteger<int>>(default),
                "LONG" => Typed<long, ToInteger<long>>(default),
                "FLOAT" => Typed<float, ToFloat>(default),
                "DOUBLE" => Typed<double, ToDouble>(default),

                // Values of a DECIMAL(p,s) column must stay below 10^(p-s) once rounded to s places (computed once per column).
                "DECIMAL" => Typed<decimal, ToDecimal>(
                    new ToDecimal(type.Scale, SqlValueText.IntegerDigitsLimit(type.Precision - type.Scale)),
                    n => new DecimalDataField(name, type.Precision, type.Scale, isNullable: n)),
                "DATE" => Typed<DateTime, ToDate>(default, n => new DateTimeDataField(name, DateTimeFormat.Date, isNullable: n)),
                "TIMESTAMP" => Typed<DateTime, ToTimestamp>(default, n => new DateTimeDataField(name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, isNullable: n)),
                "TIMESTAMP_NTZ" => Typed<DateTime, ToTimestampNtz>(default, n => new DateTimeDataField(name, DateTimeFormat.Timestamp, false, DateTimeTimeUnit.Micros, isNullable: n)),
                "BINARY" => BinaryColumn.TryCreate(name, data),
                _ => null,
            };

            // A column whose every non-null value converts exactly goes typed; otherwise it goes as parameter text. A
            // string in a numeric or boolean column is checked as the JSON encoding checks it, so a bad value is
            // refused before any upload rather than failing the load's CAST.
            return typed ?? TextColumn.Create(name, data, v => v switch
            {
                string s when RowSource.IsTextReadAsScalar(type) => CheckedText(s, type, column.Name),
                string s => s,
                _ => SqlValueText.ToParameter(v).Text,
            });

            // The field is OPTIONAL only when the column holds a null.
            ColumnWriter? Typed<T, TConversion>(TConversion conversion, Func<bool, DataField>? field = null)
                where T : struct
                where TConversion : struct, SourceColumn.IConversion<T> =>
                data.TryConvert<T, TConversion>(conversion) is { } converted
                    ? new StructColumn<T>((field ?? (nullable => new DataField(name, typeof(T), nullable)))(converted.Nulls is not null), converted.Values, converted.Nulls)
                    : null;
        }

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int start, int count, CancellationToken cancellationToken);

        private static string CheckedText(string text, SqlType type, string column)
        {
            _ = RowSource.ParseTextAsScalar(text, type, column);
            return text;
        }

        /// <summary>An integer value of any width as a <see cref="long"/> (a <see cref="ulong"/> above its range is not one).</summary>
        private static bool TryGetInt64<TSource>(TSource value, out long result)
            where TSource : struct
        {
            // Each test is a constant for the TSource a caller is compiled for; the (T)(object) casts do not box.
            if (typeof(TSource) == typeof(long))
            {
                result = (long)(object)value;
            }
            else if (typeof(TSource) == typeof(int))
            {
                result = (int)(object)value;
            }
            else if (typeof(TSource) == typeof(short))
            {
                result = (short)(object)value;
            }
            else if (typeof(TSource) == typeof(sbyte))
            {
                result = (sbyte)(object)value;
            }
            else if (typeof(TSource) == typeof(byte))
            {
                result = (byte)(object)value;
            }
            else if (typeof(TSource) == typeof(ushort))
            {
                result = (ushort)(object)value;
            }
            else if (typeof(TSource) == typeof(uint))
            {
                result = (uint)(object)value;
            }
            else if (typeof(TSource) == typeof(ulong) && (ulong)(object)value <= long.MaxValue)
            {
                result = (long)(ulong)(object)value;
            }
            else
            {
                result = 0;
                return false;
            }

            return true;
        }

        /// <summary>Booleans only.</summary>
        private readonly struct ToBoolean : SourceColumn.IConversion<bool>
        {
            public bool TryConvert<TSource>(TSource value, out bool result)
                where TSource : struct
            {
                result = typeof(TSource) == typeof(bool) && (bool)(object)value;
                return typeof(TSource) == typeof(bool);
            }
        }

        /// <summary>Integers of any width within the range of <typeparamref name="T"/>.</summary>
        private readonly struct ToInteger<T> : SourceColumn.IConversion<T>
            where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
        {
            public bool TryConvert<TSource>(TSource value, out T result)
                where TSource : struct
            {
                var fits = TryGetInt64(value, out var i) && i >= long.CreateTruncating(T.MinValue) && i <= long.CreateTruncating(T.MaxValue);
                result = fits ? T.CreateTruncating(i) : default;
                return fits;
            }
        }

        /// <summary>Floats only (a double would be rounded).</summary>
        private readonly struct ToFloat : SourceColumn.IConversion<float>
        {
            public bool TryConvert<TSource>(TSource value, out float result)
                where TSource : struct
            {
                result = typeof(TSource) == typeof(float) ? (float)(object)value : 0;
                return typeof(TSource) == typeof(float);
            }
        }

        /// <summary>Doubles and floats.</summary>
        private readonly struct ToDouble : SourceColumn.IConversion<double>
        {
            public bool TryConvert<TSource>(TSource value, out double result)
                where TSource : struct
            {
                result = typeof(TSource) == typeof(double) ? (double)(object)value : typeof(TSource) == typeof(float) ? (float)(object)value : 0;
                return typeof(TSource) == typeof(double) || typeof(TSource) == typeof(float);
            }
        }

        /// <summary>
        /// Decimals and integers, rounded half up to the scale as Spark's CAST to DECIMAL(p,s) does; a value that then
        /// needs more than p digits is an error, which the text path reports the same way the parameter path does. The
        /// limit is an integer, so comparing the magnitude is comparing its integer part.
        /// </summary>
        private readonly struct ToDecimal(int scale, decimal limit) : SourceColumn.IConversion<decimal>
        {
            public bool TryConvert<TSource>(TSource value, out decimal result)
                where TSource : struct
            {
                if (typeof(TSource) == typeof(decimal))
                {
                    var d = (decimal)(object)value;
                    result = d.Scale <= scale ? d : decimal.Round(d, scale, MidpointRounding.AwayFromZero);
                }
                else if (TryGetInt64(value, out var i))
                {
                    result = i;
                }
                else
                {
                    result = 0;
                    return false;
                }

                return Math.Abs(result) < limit;
            }
        }

        /// <summary>Dates.</summary>
        private readonly struct ToDate : SourceColumn.IConversion<DateTime>
        {
            public bool TryConvert<TSource>(TSource value, out DateTime result)
                where TSource : struct
            {
                result = typeof(TSource) == typeof(DateOnly) ? ((DateOnly)(object)value).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) : default;
                return typeof(TSource) == typeof(DateOnly);
            }
        }

        /// <summary>Instants: a <see cref="DateTimeOffset"/>, or a UTC <see cref="DateTime"/>. A wall-clock DateTime means the session time zone: sent as text, like a parameter.</summary>
        private readonly struct ToTimestamp : SourceColumn.IConversion<DateTime>
        {
            public bool TryConvert<TSource>(TSource value, out DateTime result)
                where TSource : struct
            {
                result = typeof(TSource) == typeof(DateTimeOffset) ? ((DateTimeOffset)(object)value).UtcDateTime
                    : typeof(TSource) == typeof(DateTime) ? (DateTime)(object)value : default;
                return typeof(TSource) == typeof(DateTimeOffset) || (typeof(TSource) == typeof(DateTime) && result.Kind == DateTimeKind.Utc);
            }
        }

        /// <summary>Wall clocks: a <see cref="DateTime"/> of any kind, as it reads, or a date at midnight.</summary>
        private readonly struct ToTimestampNtz : SourceColumn.IConversion<DateTime>
        {
            public bool TryConvert<TSource>(TSource value, out DateTime result)
                where TSource : struct
            {
                result = typeof(TSource) == typeof(DateTime) ? DateTime.SpecifyKind((DateTime)(object)value, DateTimeKind.Unspecified)
                    : typeof(TSource) == typeof(DateOnly) ? ((DateOnly)(object)value).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) : default;
                return typeof(TSource) == typeof(DateTime) || typeof(TSource) == typeof(DateOnly);
            }
        }
    }

    /// <summary>A typed column: its values, and which rows are null when any is (then the field is OPTIONAL).</summary>
    private sealed class StructColumn<T>(DataField field, T[] values, bool[]? nulls) : ColumnWriter(field)
        where T : struct
    {
        public override Task WriteAsync(ParquetRowGroupWriter group, int start, int count, CancellationToken cancellationToken)
        {
            if (nulls is null)
            {
                return group.WriteAsync<T>(Field, new ReadOnlyMemory<T>(values, start, count), cancellationToken: cancellationToken);
            }

            var slice = new T?[count];
            for (var i = 0; i < count; i++)
            {
                slice[i] = nulls[start + i] ? null : values[start + i];
            }

            return group.WriteAsync<T>(Field, slice, cancellationToken: cancellationToken);
        }
    }

    private sealed class TextColumn(string name, string?[] values) : ColumnWriter(new DataField<string>(name, true))
    {
        public static TextColumn Create(string name, SourceColumn data, Func<object, string?> format)
        {
            var values = new string?[data.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = data.GetValue(r) is { } v and not DBNull ? format(v) : null;
            }

            return new TextColumn(name, values);
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int start, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(Field, new ArraySegment<string?>(values, start, count)!);
    }

    private sealed class BinaryColumn(string name, byte[]?[] values) : ColumnWriter(new DataField<byte[]>(name, true))
    {
        public static BinaryColumn? TryCreate(string name, SourceColumn data)
        {
            var values = new byte[]?[data.Count];
            for (var r = 0; r < values.Length; r++)
            {
                switch (data.GetValue(r))
                {
                    case null or DBNull:
                        break;
                    case byte[] b:
                        values[r] = b;
                        break;
                    case ReadOnlyMemory<byte> m:
                        values[r] = m.ToArray();
                        break;
                    default:
                        return null;
                }
            }

            return new BinaryColumn(name, values);
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int start, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(Field, new ArraySegment<byte[]?>(values, start, count)!);
    }
}

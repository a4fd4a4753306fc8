using System.Globalization;
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
        volume is not null && source.Rows.Count > 0 && EstimateJsonBytes(source) > thresholdBytes;

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
        var sample = Math.Min(100, source.Rows.Count);
        if (sample == 0)
        {
            return 0;
        }

        var probe = new RowSource(source.Columns, [.. source.Rows.Take(sample)]);
        return (long)(Encoding.UTF8.GetByteCount(probe.ToJson()) * ((double)source.Rows.Count / sample));
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
            var rows = source.Rows.Count;
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
            var rows = source.Rows;
            var name = "c" + ordinal.ToString(CultureInfo.InvariantCulture);
            if (type.IsComplex)
            {
                return TextColumn.Create(name, rows, ordinal, v => RowSource.ComplexValueJson(v, type, column.Name));
            }

            // Values of a DECIMAL(p,s) column must stay below 10^(p-s) once rounded to s places (computed once per column).
            var decimalLimit = type.Name.Value == "DECIMAL" ? SqlValueText.IntegerDigitsLimit(type.Precision - type.Scale) : decimal.MaxValue;
            ColumnWriter? typed = type.Name.Value switch
            {
                "BOOLEAN" => Typed<bool>(v => v is bool b ? b : null),
                "BYTE" => Typed<sbyte>(v => Integral(v) is { } i && i >= sbyte.MinValue && i <= sbyte.MaxValue ? (sbyte)i : null),
                "SHORT" => Typed<short>(v => Integral(v) is { } i && i >= short.MinValue && i <= short.MaxValue ? (short)i : null),
                "INT" => Typed<int>(v => Integral(v) is { } i && i >= int.MinValue && i <= int.MaxValue ? (int)i : null),
                "LONG" => Typed<long>(v => v is long l ? l : Integral(v)),
                "FLOAT" => Typed<float>(v => v is float f ? f : null),
                "DOUBLE" => Typed<double>(v => v switch { double d => d, float f => f, _ => null }),
                "DECIMAL" => Typed<decimal>(
                    v => v is decimal d ? FitDecimal(d, type.Scale, decimalLimit) : Integral(v) is { } i ? FitDecimal(i, type.Scale, decimalLimit) : null,
                    n => new DecimalDataField(name, type.Precision, type.Scale, isNullable: n)),
                "DATE" => Typed<DateTime>(v => v switch
                {
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
                    _ => null,
                }, n => new DateTimeDataField(name, DateTimeFormat.Date, isNullable: n)),
                "TIMESTAMP" => Typed<DateTime>(v => v switch
                {
                    DateTimeOffset t => t.UtcDateTime,
                    DateTime { Kind: DateTimeKind.Utc } t => t,
                    _ => null, // A wall-clock DateTime means the session time zone: sent as text, like a parameter.
                }, n => new DateTimeDataField(name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, isNullable: n)),
                "TIMESTAMP_NTZ" => Typed<DateTime>(v => v switch
                {
                    DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
                    _ => null,
                }, n => new DateTimeDataField(name, DateTimeFormat.Timestamp, false, DateTimeTimeUnit.Micros, isNullable: n)),
                "BINARY" => BinaryColumn.TryCreate(name, rows, ordinal),
                _ => null,
            };

            // A column whose every non-null value converts exactly goes typed; otherwise it goes as parameter text. A
            // string in a numeric or boolean column is checked as the JSON encoding checks it, so a bad value is
            // refused before any upload rather than failing the load's CAST.
            return typed ?? TextColumn.Create(name, rows, ordinal, v => v switch
            {
                string s when RowSource.IsTextReadAsScalar(type) => CheckedText(s, type, column.Name),
                string s => s,
                _ => SqlValueText.ToParameter(v).Text,
            });

            // The field is OPTIONAL only when the column holds a null.
            ColumnWriter? Typed<T>(Func<object, T?> convert, Func<bool, DataField>? field = null)
                where T : struct => StructColumn<T>.TryCreate(field ?? (nullable => new DataField(name, typeof(T), nullable)), rows, ordinal, convert);
        }

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int start, int count, CancellationToken cancellationToken);

        private static string CheckedText(string text, SqlType type, string column)
        {
            _ = RowSource.ParseTextAsScalar(text, type, column);
            return text;
        }

        private static long? Integral(object value) => value switch
        {
            sbyte v => v,
            byte v => v,
            short v => v,
            ushort v => v,
            int v => v,
            uint v => v,
            long v => v,
            ulong v when v <= long.MaxValue => (long)v,
            _ => null,
        };

        private static decimal? FitDecimal(decimal value, int scale, decimal limit)
        {
            // Spark's CAST to DECIMAL(p,s) rounds half up; a value that then needs more than p digits is an error,
            // which the text path reports the same way the parameter path does. The limit is an integer, so comparing
            // the magnitude is comparing its integer part.
            var rounded = value.Scale <= scale ? value : decimal.Round(value, scale, MidpointRounding.AwayFromZero);
            return Math.Abs(rounded) < limit ? rounded : null;
        }
    }

    /// <summary>A typed column: its values, and which rows are null when any is (then the field is OPTIONAL).</summary>
    private sealed class StructColumn<T>(DataField field, T[] values, bool[]? nulls) : ColumnWriter(field)
        where T : struct
    {
        /// <summary>Converts every row's value, or returns null when one does not convert exactly.</summary>
        public static StructColumn<T>? TryCreate(Func<bool, DataField> field, IReadOnlyList<object?[]> rows, int ordinal, Func<object, T?> convert)
        {
            var values = new T[rows.Count];
            bool[]? nulls = null;
            for (var r = 0; r < values.Length; r++)
            {
                if (rows[r][ordinal] is not { } value || value is DBNull)
                {
                    (nulls ??= new bool[values.Length])[r] = true;
                }
                else if (convert(value) is { } converted)
                {
                    values[r] = converted;
                }
                else
                {
                    return null;
                }
            }

            return new StructColumn<T>(field(nulls is not null), values, nulls);
        }

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
        public static TextColumn Create(string name, IReadOnlyList<object?[]> rows, int ordinal, Func<object, string?> format)
        {
            var values = new string?[rows.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = rows[r][ordinal] is { } v and not DBNull ? format(v) : null;
            }

            return new TextColumn(name, values);
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int start, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(Field, new ArraySegment<string?>(values, start, count)!);
    }

    private sealed class BinaryColumn(string name, byte[]?[] values) : ColumnWriter(new DataField<byte[]>(name, true))
    {
        public static BinaryColumn? TryCreate(string name, IReadOnlyList<object?[]> rows, int ordinal)
        {
            var values = new byte[]?[rows.Count];
            for (var r = 0; r < values.Length; r++)
            {
                switch (rows[r][ordinal])
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

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

    /// <summary>Rows per Parquet row group: bounds the typed column copies built while writing.</summary>
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

    /// <summary>Writes the rows as one Parquet file.</summary>
    /// <param name="source">The rows.</param>
    /// <param name="output">The stream the file is written to.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static async Task WriteParquetAsync(RowSource source, Stream output, CancellationToken cancellationToken)
    {
        var columns = source.Columns.Select((c, i) => ColumnWriter.For(source, i)).ToArray();
        var schema = new ParquetSchema(columns.Select(c => c.Field));
        var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            for (var start = 0; start < source.Rows.Count; start += RowGroupRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(RowGroupRows, source.Rows.Count - start);
                using var group = writer.CreateRowGroup();
                foreach (var column in columns)
                {
                    await column.WriteAsync(group, source.Rows, start, count, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Writes one column of every row group, typed or as text.</summary>
    private abstract class ColumnWriter(DataField field, int ordinal)
    {
        public DataField Field { get; } = field;

        protected int Ordinal { get; } = ordinal;

        public static ColumnWriter For(RowSource source, int ordinal)
        {
            var column = source.Columns[ordinal];
            var type = column.Type;
            var name = "c" + ordinal.ToString(CultureInfo.InvariantCulture);
            if (type.IsComplex)
            {
                return new TextColumn(name, ordinal, v => RowSource.ComplexValueJson(v, type, column.Name));
            }

            // Values of a DECIMAL(p,s) column must stay below 10^(p-s) once rounded to s places (computed once per column).
            var decimalLimit = type.Name.Value == "DECIMAL" ? SqlValueText.IntegerDigitsLimit(type.Precision - type.Scale) : decimal.MaxValue;
            ColumnWriter? typed = type.Name.Value switch
            {
                "BOOLEAN" => Typed<bool>(new DataField<bool?>(name), v => v is bool b ? b : null),
                "BYTE" => Typed<sbyte>(new DataField<sbyte?>(name), v => Integral(v) is { } i && i >= sbyte.MinValue && i <= sbyte.MaxValue ? (sbyte)i : null),
                "SHORT" => Typed<short>(new DataField<short?>(name), v => Integral(v) is { } i && i >= short.MinValue && i <= short.MaxValue ? (short)i : null),
                "INT" => Typed<int>(new DataField<int?>(name), v => Integral(v) is { } i && i >= int.MinValue && i <= int.MaxValue ? (int)i : null),
                "LONG" => Typed<long>(new DataField<long?>(name), v => Integral(v) is { } i && i >= long.MinValue && i <= long.MaxValue ? (long)i : null),
                "FLOAT" => Typed<float>(new DataField<float?>(name), v => v is float f ? f : null),
                "DOUBLE" => Typed<double>(new DataField<double?>(name), v => v switch { double d => d, float f => f, _ => null }),
                "DECIMAL" => Typed<decimal>(
                    new DecimalDataField(name, type.Precision, type.Scale, isNullable: true),
                    v => Integral(v) is { } i ? FitDecimal(i, type.Scale, decimalLimit) : v is decimal d ? FitDecimal(d, type.Scale, decimalLimit) : null),
                "DATE" => Typed<DateTime>(new DateTimeDataField(name, DateTimeFormat.Date, isNullable: true), v => v switch
                {
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
                    _ => null,
                }),
                "TIMESTAMP" => Typed<DateTime>(new DateTimeDataField(name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, isNullable: true), v => v switch
                {
                    DateTimeOffset t => t.UtcDateTime,
                    DateTime { Kind: DateTimeKind.Utc } t => t,
                    _ => null, // A wall-clock DateTime means the session time zone: sent as text, like a parameter.
                }),
                "TIMESTAMP_NTZ" => Typed<DateTime>(new DateTimeDataField(name, DateTimeFormat.Timestamp, false, DateTimeTimeUnit.Micros, isNullable: true), v => v switch
                {
                    DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
                    _ => null,
                }),
                "BINARY" => new BinaryColumn(name, ordinal),
                _ => null,
            };

            // Every non-null value must convert exactly; otherwise the column goes as parameter text.
            if (typed is not null && source.Rows.All(r => r[ordinal] is null or DBNull || typed.Accepts(r[ordinal]!)))
            {
                return typed;
            }

            // A string in a numeric or boolean column is checked as the JSON encoding checks it, so a bad value is
            // refused before any upload rather than failing the load's CAST.
            return new TextColumn(name, ordinal, v => v switch
            {
                string s when RowSource.IsTextReadAsScalar(type) => CheckedText(s, type, column.Name),
                string s => s,
                _ => SqlValueText.ToParameter(v).Text,
            });

            ColumnWriter Typed<T>(DataField field, Func<object, T?> convert)
                where T : struct => new StructColumn<T>(field, ordinal, convert);
        }

        public virtual bool Accepts(object value) => true;

        private static string CheckedText(string text, SqlType type, string column)
        {
            _ = RowSource.ParseTextAsScalar(text, type, column);
            return text;
        }

        public abstract Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, int start, int count, CancellationToken cancellationToken);

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

    private sealed class StructColumn<T>(DataField field, int ordinal, Func<object, T?> convert) : ColumnWriter(field, ordinal)
        where T : struct
    {
        public override bool Accepts(object value) => convert(value) is not null;

        public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, int start, int count, CancellationToken cancellationToken)
        {
            var values = new T?[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = rows[start + i][Ordinal] is { } v and not DBNull ? convert(v) : null;
            }

            return group.WriteAsync<T>(Field, values, cancellationToken: cancellationToken);
        }
    }

    private sealed class TextColumn(string name, int ordinal, Func<object, string?> format) : ColumnWriter(new DataField<string>(name, true), ordinal)
    {
        public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, int start, int count, CancellationToken cancellationToken)
        {
            var values = new string?[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = rows[start + i][Ordinal] is { } v and not DBNull ? format(v) : null;
            }

            return group.WriteAsync(Field, values!);
        }
    }

    private sealed class BinaryColumn(string name, int ordinal) : ColumnWriter(new DataField<byte[]>(name, true), ordinal)
    {
        public override bool Accepts(object value) => value is byte[] or ReadOnlyMemory<byte>;

        public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, int start, int count, CancellationToken cancellationToken)
        {
            var values = new byte[]?[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = rows[start + i][Ordinal] switch
                {
                    byte[] b => b,
                    ReadOnlyMemory<byte> m => m.ToArray(),
                    _ => null,
                };
            }

            return group.WriteAsync(Field, values!);
        }
    }
}

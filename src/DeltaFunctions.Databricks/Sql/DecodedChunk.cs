using Apache.Arrow;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>One downloaded and parsed result chunk: JSON_ARRAY rows or Arrow batches, and where the next chunk is.</summary>
internal sealed class DecodedChunk
{
    private readonly IReadOnlyList<IReadOnlyList<string?>>? _jsonRows;
    private readonly IReadOnlyList<RecordBatch>? _batches;
    private readonly IReadOnlyList<byte[]>? _jsonBytes;

    private DecodedChunk(IReadOnlyList<IReadOnlyList<string?>>? jsonRows, IReadOnlyList<RecordBatch>? batches, IReadOnlyList<byte[]>? jsonBytes, int? next)
    {
        _jsonRows = jsonRows;
        _batches = batches;
        _jsonBytes = jsonBytes;
        NextChunkIndex = next;
    }

    public int? NextChunkIndex { get; }

    public static DecodedChunk Json(IReadOnlyList<IReadOnlyList<string?>> rows, int? next) => new(rows, null, null, next);

    /// <summary>Downloaded JSON_ARRAY bodies, decoded to typed rows only when read (see <see cref="JsonRowDecoder"/>).</summary>
    public static DecodedChunk JsonBytes(IReadOnlyList<byte[]> bodies, int? next) => new(null, null, bodies, next);

    public static DecodedChunk Arrow(IReadOnlyList<RecordBatch> batches, int? next) => new(null, batches, null, next);

    public IEnumerable<SqlRow> ToRows(SqlResultSchema schema)
    {
        if (_batches is not null)
        {
            foreach (var batch in _batches)
            {
                foreach (var row in ArrowValueReader.ReadRows(batch, schema))
                {
                    yield return row;
                }
            }

            yield break;
        }

        if (_jsonBytes is not null)
        {
            foreach (var body in _jsonBytes)
            {
                foreach (var values in JsonRowDecoder.Decode(body, schema))
                {
                    yield return new SqlRow(schema, values);
                }
            }

            yield break;
        }

        foreach (var cells in _jsonRows!)
        {
            if (cells.Count != schema.Count)
            {
                throw new InvalidDataException($"A result row has {cells.Count} cells but the manifest lists {schema.Count} columns.");
            }

            var values = new object?[cells.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = SqlValueDecoder.DecodeCell(cells[i], schema.Types[i]);
            }

            yield return new SqlRow(schema, values);
        }
    }

    public IReadOnlyList<RecordBatch> ToBatches(SqlResultSchema schema) =>
        _batches ?? throw new InvalidOperationException(
            "Arrow record batches need the ARROW_STREAM format; this result is JSON_ARRAY. Set SqlExecuteOptions.Format = ResultFormat.ArrowStream or read rows instead.");
}

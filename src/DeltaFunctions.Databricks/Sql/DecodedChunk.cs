using Apache.Arrow;
using DeltaFunctions.Databricks.Http;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>One downloaded and parsed result chunk: JSON_ARRAY rows or Arrow batches, and where the next chunk is.</summary>
internal sealed class DecodedChunk
{
    private readonly IReadOnlyList<IReadOnlyList<string?>>? _jsonRows;
    private readonly IReadOnlyList<RecordBatch>? _batches;
    private readonly IReadOnlyList<PooledBytes>? _jsonBytes;

    private DecodedChunk(int index, IReadOnlyList<IReadOnlyList<string?>>? jsonRows, IReadOnlyList<RecordBatch>? batches, IReadOnlyList<PooledBytes>? jsonBytes, int? next)
    {
        ChunkIndex = index;
        _jsonRows = jsonRows;
        _batches = batches;
        _jsonBytes = jsonBytes;
        NextChunkIndex = next;
    }

    /// <summary>The chunk's index in the result, which an error reading its rows names.</summary>
    public int ChunkIndex { get; }

    public int? NextChunkIndex { get; }

    public static DecodedChunk Json(int index, IReadOnlyList<IReadOnlyList<string?>> rows, int? next) => new(index, rows, null, null, next);

    /// <summary>
    /// Downloaded JSON_ARRAY bodies, decoded to typed rows only when read (see <see cref="JsonRowDecoder"/>) and returned to
    /// the pool once decoded: the chunk's rows are read once.
    /// </summary>
    public static DecodedChunk JsonBytes(int index, IReadOnlyList<PooledBytes> bodies, int? next) => new(index, null, null, bodies, next);

    public static DecodedChunk Arrow(int index, IReadOnlyList<RecordBatch> batches, int? next) => new(index, null, batches, null, next);

    /// <summary>The chunk's rows, block after block (<see cref="RowBlock.Rows"/>).</summary>
    public IEnumerable<SqlRow> ToRows(SqlResultSchema schema) => ToBlocks(schema).SelectMany(block => block.Rows());

    /// <summary>The chunk as blocks of columns read in place (Arrow batches; JSON decoded a slice at a time).</summary>
    public IEnumerable<RowBlock> ToBlocks(SqlResultSchema schema)
    {
        if (_batches is not null)
        {
            foreach (var batch in _batches)
            {
                yield return ArrowValueReader.ReadBlock(batch, schema);
            }

            yield break;
        }

        if (_jsonBytes is not null)
        {
            foreach (var body in _jsonBytes)
            {
                try
                {
                    foreach (var block in JsonRowDecoder.DecodeBlocks(body.Memory, schema))
                    {
                        yield return block;
                    }
                }
                finally
                {
                    // Every block holds decoded values (numbers, new strings, objects), nothing over the bytes.
                    body.Return();
                }
            }

            yield break;
        }

        var columns = new object?[schema.Count][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new object?[_jsonRows!.Count];
        }

        for (var r = 0; r < _jsonRows!.Count; r++)
        {
            var cells = _jsonRows[r];
            if (cells.Count != schema.Count)
            {
                throw new InvalidDataException($"A result row has {cells.Count} cells but the manifest lists {schema.Count} columns.");
            }

            for (var c = 0; c < columns.Length; c++)
            {
                columns[c][r] = SqlValueDecoder.DecodeCell(cells[c], schema.Types[c]);
            }
        }

        yield return new RowBlock(schema, [.. columns.Select(values => (ColumnValues)new ObjectColumn(values))], _jsonRows.Count);
    }

    public IReadOnlyList<RecordBatch> ToBatches(SqlResultSchema schema) =>
        _batches ?? throw new InvalidOperationException(
            "Arrow record batches need the ARROW_STREAM format; this result is JSON_ARRAY. Set SqlExecuteOptions.Format = ResultFormat.ArrowStream or read rows instead.");
}

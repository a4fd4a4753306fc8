using BenchmarkDotNet.Attributes;
using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using Parquet;
using Parquet.Schema;

namespace DeltaFunctions.Benchmarks.Delta;

/// <summary>
/// The client's share of a staged MERGE, without the server: <see cref="Rows"/> rows of <c>(long Id, decimal Amt)</c>
/// mapped to their columns and written as the staged Parquet file (<see cref="RowSource.FromObjects{T}"/>, the
/// duplicate-key check of a keyed MERGE, <see cref="StagedRows.WriteParquetAsync"/>), against the raw library doing
/// the same work: a loop copying the two properties into arrays, and Parquet.Net writing them as the same two REQUIRED
/// columns in the same equal row groups.
/// </summary>
[MemoryDiagnoser]
public class StagedFileBenchmarks
{
    private static readonly IReadOnlyList<SchemaColumn> Columns = [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)")];
    private static readonly string[] Keys = ["id"];
    private List<Row> _rows = null!;

    /// <summary>Gets or sets the number of rows.</summary>
    [Params(100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup() => _rows = [.. Enumerable.Range(Rows / 2, Rows).Select(i => new Row(i, i + 0.5m))];

    /// <summary>Arrays filled by hand and written by Parquet.Net.</summary>
    /// <returns>The file's length.</returns>
    [Benchmark(Baseline = true)]
    public async Task<long> RawParquet()
    {
        var ids = new long[_rows.Count];
        var amounts = new decimal[_rows.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _rows[i].Id;
            amounts[i] = _rows[i].Amt;
        }

        var id = new DataField<long>("c0", false);
        var amt = new DecimalDataField("c1", 10, 2, isNullable: false);
        using var output = new MemoryStream();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, amt), output);
        await using (writer)
        {
            var groups = (ids.Length + StagedRows.RowGroupRows - 1) / StagedRows.RowGroupRows;
            for (var g = 0; g < groups; g++)
            {
                var start = (int)((long)ids.Length * g / groups);
                var count = (int)((long)ids.Length * (g + 1) / groups) - start;
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<long>(id, new ReadOnlyMemory<long>(ids, start, count));
                await group.WriteAsync<decimal>(amt, new ReadOnlyMemory<decimal>(amounts, start, count));
            }
        }

        return output.Length;
    }

    /// <summary>The rows mapped, checked for duplicate keys and written as the staged file.</summary>
    /// <returns>The file's length.</returns>
    [Benchmark]
    public async Task<long> StagedFile()
    {
        var source = RowSource.FromObjects(_rows, Columns);
        if (source.FindDuplicateKeys(Keys, 100).Count > 0)
        {
            throw new InvalidOperationException("The rows repeat a key.");
        }

        using var output = new MemoryStream();
        await StagedRows.WriteParquetAsync(source, output, CancellationToken.None);
        return output.Length;
    }

    public sealed record Row(long Id, decimal Amt);
}

using System.Globalization;
using DeltaFunctions.Lakehouse.Log;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Lakehouse.Tests.Log;

/// <summary>A scratch Delta table in a temporary folder, driven through the storage layer's API.</summary>
internal sealed class DeltaTableFixture : IDisposable
{
    public DeltaTableFixture(LakehouseOptions? options = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "lh-log-tests", Guid.NewGuid().ToString("N"));
        TablePath = Path.Combine(Root, "t");
        Directory.CreateDirectory(TablePath);
        Options = options ?? new LakehouseOptions { DataDirectory = Root };
        Time = new FakeTimeProvider(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Connection = new DuckDBConnection("DataSource=:memory:");
        Connection.Open();
        Log = DeltaLog.ForTable(TablePath, Time, Connection);
    }

    public string Root { get; }

    public string TablePath { get; }

    public LakehouseOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public DeltaLog Log { get; }

    public DuckDBConnection Connection { get; }

    public static StructType Schema(params (string Name, DeltaType Type)[] columns) =>
        new(columns.Select(c => new StructField(c.Name, c.Type)));

    public long Create(StructType schema, IReadOnlyList<string>? partitionColumns = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        var tx = new DeltaTransaction(Log, null, Options);
        tx.UpdateProtocol(TableFeatures.ForNewTable(schema, properties));
        tx.UpdateMetadata(MetadataAction.Create(schema, partitionColumns, properties, Time.GetUtcNow()));
        return tx.Commit("CREATE TABLE", new Dictionary<string, string> { ["isManaged"] = "true" }, null, TestContext.Current.CancellationToken);
    }

    public IReadOnlyList<AddFile> WriteFiles(Snapshot snapshot, string select) =>
        new DataFileWriter(TablePath, snapshot.Metadata, Options, Time).Write(Connection, select, columns: null, dataChange: true, TestContext.Current.CancellationToken);

    public long Append(string select)
    {
        var snapshot = Log.GetSnapshot();
        var adds = WriteFiles(snapshot, select);
        var tx = new DeltaTransaction(Log, snapshot, Options);
        tx.AddFiles(adds);
        return tx.Commit("WRITE", new Dictionary<string, string> { ["mode"] = "Append" }, new Dictionary<string, string> { ["numFiles"] = adds.Count.ToString(CultureInfo.InvariantCulture) }, TestContext.Current.CancellationToken);
    }

    public List<object?[]> Rows(Snapshot snapshot, string orderBy, string columns = "*")
    {
        var scan = snapshot.CreateScan(Connection);
        return Query($"SELECT {columns} FROM {scan} AS t ORDER BY {orderBy}");
    }

    public List<object?[]> Query(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public long Count(Snapshot snapshot) => Convert.ToInt64(Query($"SELECT count(*) FROM {snapshot.CreateScan(Connection)} AS t")[0][0], CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Connection.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using Microsoft.Extensions.Time.Testing;

namespace DeltaFunctions.Lakehouse.Tests.Engine;

/// <summary>A Lakehouse engine over its own temporary data directory, deleted on dispose.</summary>
internal sealed class EngineScope : IDisposable
{
    public EngineScope(long targetRowsPerFile = 1_000_000, bool fakeClock = false)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "lh-sql-tests", Guid.NewGuid().ToString("N"));
        Clock = fakeClock ? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) : null;
        Engine = new LakehouseEngine(new LakehouseOptions { DataDirectory = DataDirectory, TargetRowsPerFile = targetRowsPerFile }, Clock);
    }

    public string DataDirectory { get; }

    public FakeTimeProvider? Clock { get; }

    public LakehouseEngine Engine { get; }

    public Task<LakehouseResult> Sql(string statement, params LakehouseParameter[] parameters) =>
        Engine.ExecuteAsync(statement, parameters, null, TestContext.Current.CancellationToken);

    public async Task<List<object?[]>> Rows(string query, params LakehouseParameter[] parameters) =>
        [.. (await Sql(query, parameters)).Rows];

    public async Task<object?> Scalar(string query, params LakehouseParameter[] parameters) => (await Sql(query, parameters)).Rows[0][0];

    public Task<LakehouseException> Fails(string statement, params LakehouseParameter[] parameters) =>
        Assert.ThrowsAsync<LakehouseException>(() => Sql(statement, parameters));

    public int DataFileCount(string table) =>
        Directory.EnumerateFiles(Path.Combine(DataDirectory, "main", "default", table), "*.parquet", SearchOption.AllDirectories)
            .Count(f => !f.Contains("_delta_log", StringComparison.Ordinal));

    public void Dispose()
    {
        Engine.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail the test.
        }
    }
}

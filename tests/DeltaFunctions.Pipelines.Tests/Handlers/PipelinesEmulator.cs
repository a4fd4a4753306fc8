using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Pipelines.Tests.Handlers;

/// <summary>An emulator over loopback with small result chunks, and a client for it. One per test class.</summary>
public sealed class PipelinesEmulator : IAsyncLifetime
{
    /// <summary>Handler settings for the emulator: the defaults, so rows travel as the one JSON parameter Databricks gets.</summary>
    public static RequestHandlerOptions HandlerOptions => new();

    public EmulatorFixture Emulator { get; private set; } = null!;

    public DatabricksClient Client { get; private set; } = null!;

    public SqlClient Sql => Client.GetSqlClient();

    public async ValueTask InitializeAsync()
    {
        Emulator = await EmulatorFixture.StartAsync(o => o with { ResultChunkRows = 10 }, TestContext.Current.CancellationToken);
        Client = Emulator.CreateDatabricksClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>A table name unique to one test, in <c>main.default</c>.</summary>
    public static string NewTable(string prefix) => "main.default." + prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Runs a statement and returns its rows as text, ordered as the statement says.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string?>>> RowsAsync(string sql, CancellationToken cancellationToken)
    {
        var response = await Sql.ExecuteAsync(SqlStatement.FromText(sql), new SqlExecuteOptions { Format = ResultFormat.JsonArray }, cancellationToken);
        var rows = new List<IReadOnlyList<string?>>(response.Result?.DataArray ?? []);
        var next = response.Result?.NextChunkIndex;
        while (next is { } index)
        {
            var chunk = await Sql.FetchChunkAsync(response.StatementId, index, cancellationToken);
            rows.AddRange(chunk.DataArray ?? []);
            next = chunk.NextChunkIndex;
        }

        return rows;
    }

    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(SqlStatement.FromText(sql), null, cancellationToken);
}

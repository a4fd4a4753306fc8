using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// <c>DATABRICKS_CATALOG</c> / <c>DATABRICKS_SCHEMA</c> reach the server as the statement's <c>catalog</c> and
/// <c>schema</c> (reference §4.1) and name the Delta client's tables, configured as a user would through DI.
/// </summary>
public sealed class SessionDefaultsTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(IHost Host, DatabricksClient Client)> StartAsync(string schema)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDatabricks(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DATABRICKS_HOST"] = lakehouse.Emulator.BaseAddress.ToString(),
            ["DATABRICKS_TOKEN"] = lakehouse.Emulator.Token,
            ["DATABRICKS_WAREHOUSE_ID"] = lakehouse.Emulator.WarehouseId,
            ["DATABRICKS_SCHEMA"] = schema,
        }).Build());
        var host = builder.Build();
        await host.StartAsync(Ct);
        return (host, host.Services.GetRequiredService<DatabricksClient>());
    }

    private async Task<string> CreateTripsAsync(string schema)
    {
        var table = LakehouseEmulator.NewTable("trips");
        var sql = lakehouse.Client.GetSqlClient();
        await sql.ExecuteAsync(SqlStatement.FromText($"CREATE SCHEMA IF NOT EXISTS main.{schema}"), cancellationToken: Ct);
        await sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE main.{schema}.{table} (trip_id BIGINT, city STRING)"), cancellationToken: Ct);
        await sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO main.{schema}.{table} VALUES (1, 'Amsterdam')"), cancellationToken: Ct);
        return table;
    }

    [Fact]
    public async Task ExecuteAsync_UnqualifiedTableWithDatabricksSchema_ReadsFromThatSchema()
    {
        var table = await CreateTripsAsync("demo");
        var (host, client) = await StartAsync("demo");
        using var _ = host;

        var cities = await client.GetSqlClient().ReadAsync<string>(SqlStatement.FromText($"SELECT city FROM {table}"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(["Amsterdam"], cities);
    }

    [Fact]
    public async Task ExecuteAsync_OptionsNameAnotherSchema_OptionsWin()
    {
        var table = await CreateTripsAsync("other_demo");
        var (host, client) = await StartAsync("demo");
        using var _ = host;

        var cities = await client.GetSqlClient().ReadAsync<string>(
            SqlStatement.FromText($"SELECT city FROM {table}"), new SqlExecuteOptions { Schema = "other_demo" }, Ct).ToListAsync(Ct);

        Assert.Equal(["Amsterdam"], cities);
    }

    [Fact]
    public async Task GetDeltaClient_NoArguments_UsesConfiguredCatalogAndSchema()
    {
        var table = await CreateTripsAsync("demo");
        var (host, client) = await StartAsync("demo");
        using var _ = host;
        var sut = client.GetDeltaClient(new DeltaClientOptions { RowEncoding = SourceRowEncoding.ValuesParameters });

        await sut.WriteTableAsync(table, [new Trip(2, "Utrecht")], cancellationToken: Ct);
        var trips = await sut.ReadTableAsync<Trip>(table, cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(("main", "demo"), (sut.Catalog, sut.Schema));
        Assert.Equal([new Trip(1, "Amsterdam"), new Trip(2, "Utrecht")], trips.OrderBy(t => t.TripId));
    }

    private sealed record Trip(long TripId, string City);
}

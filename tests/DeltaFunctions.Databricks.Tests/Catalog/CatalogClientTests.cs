using DeltaFunctions.Databricks.Catalog;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Catalog;

public sealed class CatalogClientTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListCatalogsAsync_Default_IncludesMain()
    {
        var sut = lakehouse.Client.GetCatalogClient();

        var catalogs = await sut.ListCatalogsAsync(cancellationToken: Ct).ToListAsync(Ct);

        Assert.Contains(catalogs, c => c.Name == "main");
    }

    [Fact]
    public async Task ListTablesAsync_MorePagesThanOne_ReturnsEveryTable()
    {
        var schema = "list_" + Guid.NewGuid().ToString("N")[..8];
        var sql = lakehouse.Client.GetSqlClient();
        await sql.ExecuteAsync(SqlStatement.FromText($"CREATE SCHEMA {SqlIdentifier.QuoteParts("main", schema)}"), cancellationToken: Ct);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await sql.ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {new TableName("main", schema, name).ToSql()} (id BIGINT) USING DELTA"), cancellationToken: Ct);
        }

        var sut = lakehouse.Client.GetCatalogClient();

        var tables = await sut.ListTablesAsync("main", schema, maxResults: 2, Ct).ToListAsync(Ct);
        var schemas = await sut.ListSchemasAsync("main", cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(["a", "b", "c", "d", "e"], tables.Select(t => t.Name).Order());
        Assert.All(tables, t => Assert.Equal(TableType.Managed, t.TableType));
        Assert.Contains(schemas, s => s.Name == schema);
    }

    [Fact]
    public async Task GetTableAsync_Existing_ReturnsColumnsAndFormat()
    {
        var table = new TableName("main", "default", LakehouseEmulator.NewTable("get"));
        await lakehouse.Client.GetSqlClient().ExecuteAsync(
            SqlStatement.FromText($"CREATE TABLE {table.ToSql()} (id BIGINT NOT NULL, amt DECIMAL(10,2)) USING DELTA"), cancellationToken: Ct);
        var sut = lakehouse.Client.GetCatalogClient();

        var info = await sut.GetTableAsync(table, Ct);

        Assert.Equal(DataSourceFormat.Delta, info.DataSourceFormat);
        Assert.Equal(["id", "amt"], info.Columns!.Select(c => c.Name));
        Assert.Equal(SqlTypeName.Decimal, info.Columns![1].TypeName);
        Assert.False(info.Columns[0].Nullable);
    }

    [Fact]
    public async Task GetTableAsync_Missing_ThrowsNotFound()
    {
        var sut = lakehouse.Client.GetCatalogClient();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.GetTableAsync(new TableName("main", "default", "does_not_exist"), Ct));

        Assert.True(error.IsNotFound);
    }
}

using System.Text.Json;
using DeltaFunctions.Databricks.Catalog;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Catalog;

public sealed class CatalogWireTests
{
    [Fact]
    public void Deserialize_ReferenceTableInfo_ReadsColumnsAndOpenTypes()
    {
        const string json = """
            {"name": "orders", "catalog_name": "main", "schema_name": "sales", "full_name": "main.sales.orders",
             "table_type": "MANAGED", "data_source_format": "DELTA_NEXT_GEN", "table_id": "7c1e",
             "properties": {"delta.enableTypeWidening": "true"}, "created_at": 1718000000000,
             "columns": [{"name": "id", "type_text": "bigint", "type_name": "LONG", "position": 0, "nullable": false,
               "type_json": "{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}}"}]}
            """;

        var table = JsonSerializer.Deserialize(json, DatabricksCatalogJsonContext.Default.TableInfo)!;
        var back = JsonSerializer.Serialize(table, DatabricksCatalogJsonContext.Default.TableInfo);

        Assert.Equal(TableType.Managed, table.TableType);
        Assert.Equal("DELTA_NEXT_GEN", table.DataSourceFormat!.Value.Value);
        Assert.Contains("\"data_source_format\":\"DELTA_NEXT_GEN\"", back, StringComparison.Ordinal);
        var column = Assert.Single(table.Columns!);
        Assert.Equal(SqlTypeName.Long, column.TypeName);
        Assert.False(column.Nullable);
        Assert.Equal(1718000000000, table.CreatedAt);
    }
}

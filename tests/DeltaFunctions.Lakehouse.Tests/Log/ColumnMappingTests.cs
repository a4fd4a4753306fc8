using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class ColumnMappingTests
{
    [Theory]
    [InlineData("name")]
    [InlineData("id")]
    public void Write_ColumnMappedTable_UsesPhysicalNamesAndReadsLogicalNames(string mode)
    {
        using var table = new DeltaTableFixture();
        var logical = new StructType(
        [
            new StructField("id", PrimitiveType.Long),
            new StructField("Company Name", PrimitiveType.String),
            new StructField("info", new StructType([new StructField("city", PrimitiveType.String)])),
        ]);
        var (schema, config) = ColumnMapping.AssignPhysicalNames(logical, new Dictionary<string, string> { [ColumnMapping.ModeKey] = mode });
        table.Create(schema, ["Company Name"], config);

        table.Append("SELECT 1 AS id, 'Acme Inc' AS \"Company Name\", {'city': 'Oslo'} AS info");

        var snapshot = table.Log.GetSnapshot();
        Assert.Equal("4", snapshot.Metadata.Configuration[ColumnMapping.MaxColumnIdKey]);
        var idPhysical = snapshot.Schema.Fields[0].PhysicalName!;
        Assert.StartsWith("col-", idPhysical, StringComparison.Ordinal);
        var dataFile = table.Log.ResolveDataPath(snapshot.Files[0].Path);
        var physicalColumns = table.Query($"SELECT name FROM parquet_schema('{dataFile}') WHERE name <> 'duckdb_schema'").Select(r => (string)r[0]!).ToList();
        Assert.Contains(idPhysical, physicalColumns);
        Assert.DoesNotContain("id", physicalColumns);
        Assert.Contains(idPhysical, snapshot.Files[0].Stats, StringComparison.Ordinal);
        var partitionKey = snapshot.Schema.Fields[1].PhysicalName!;
        Assert.Equal("Acme Inc", snapshot.Files[0].PartitionValues[partitionKey]);
        Assert.Equal("Acme Inc", PartitionValues.Get(snapshot.Metadata, snapshot.Files[0], "Company Name"));
        Assert.Equal([[1L, "Acme Inc", "Oslo"]], table.Rows(snapshot, "id", "id, \"Company Name\", info.city"));
    }

    [Fact]
    public void AssignPhysicalNames_AfterAddingColumn_KeepsExistingIdsAndBumpsMax()
    {
        var (schema, config) = ColumnMapping.AssignPhysicalNames(
            DeltaTableFixture.Schema(("a", PrimitiveType.Long)),
            new Dictionary<string, string> { [ColumnMapping.ModeKey] = "name" });
        var grown = new StructType([.. schema.Fields, new StructField("b", PrimitiveType.String)]);

        var (result, newConfig) = ColumnMapping.AssignPhysicalNames(grown, config);

        Assert.Equal(schema.Fields[0].PhysicalName, result.Fields[0].PhysicalName);
        Assert.Equal(1, result.Fields[0].FieldId);
        Assert.Equal(2, result.Fields[1].FieldId);
        Assert.Equal("2", newConfig[ColumnMapping.MaxColumnIdKey]);
    }

    [Fact]
    public void AssignPhysicalNames_NoMappingMode_ReturnsSchemaUnchanged()
    {
        var schema = DeltaTableFixture.Schema(("a", PrimitiveType.Long));

        var (result, _) = ColumnMapping.AssignPhysicalNames(schema, new Dictionary<string, string>());

        Assert.Null(result.Fields[0].PhysicalName);
    }
}

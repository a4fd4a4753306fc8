using DeltaFunctions.Lakehouse.Log;

namespace DeltaFunctions.Lakehouse.Tests.Log;

public sealed class TypeWideningTests
{
    [Theory]
    [InlineData("int", "bigint", true)]
    [InlineData("tinyint", "double", true)]
    [InlineData("float", "double", true)]
    [InlineData("decimal(10,2)", "decimal(12,4)", true)]
    [InlineData("decimal(10,2)", "decimal(11,4)", false)]
    [InlineData("int", "decimal(10,0)", true)]
    [InlineData("bigint", "decimal(19,0)", false)]
    [InlineData("date", "timestamp_ntz", true)]
    [InlineData("bigint", "int", false)]
    [InlineData("string", "bigint", false)]
    public void IsSupported_TypePairs_FollowsDeltaRules(string from, string to, bool expected)
    {
        var supported = TypeWidening.IsSupported(DeltaType.ParseSql(from), DeltaType.ParseSql(to));

        Assert.Equal(expected, supported);
    }

    [Fact]
    public void CreateScan_FilesWrittenBeforeWidening_ReadWithTheNewType()
    {
        using var table = new DeltaTableFixture();
        var properties = new Dictionary<string, string> { ["delta.enableTypeWidening"] = "true" };
        table.Create(DeltaTableFixture.Schema(("id", PrimitiveType.Integer), ("f", PrimitiveType.Float)), null, properties);
        table.Append("SELECT 1 AS id, 1.5 AS f");
        var snapshot = table.Log.GetSnapshot();
        var widened = new StructType([TypeWidening.Widen(snapshot.Schema.Fields[0], PrimitiveType.Long), TypeWidening.Widen(snapshot.Schema.Fields[1], PrimitiveType.Double)]);
        var alter = new DeltaTransaction(table.Log, snapshot, table.Options);
        alter.UpdateMetadata(snapshot.Metadata.WithSchema(widened));
        alter.Commit("CHANGE COLUMN", null, null, TestContext.Current.CancellationToken);

        table.Append("SELECT 9223372036854775807 AS id, 0.1 AS f");

        var latest = table.Log.GetSnapshot();
        Assert.Contains("typeWidening", latest.Protocol.ReaderFeatures!);
        Assert.Contains("delta.typeChanges", latest.Metadata.SchemaString, StringComparison.Ordinal);
        var rows = table.Query($"SELECT typeof(id), typeof(f), id, f FROM {latest.CreateScan(table.Connection)} AS t ORDER BY id");
        Assert.Equal([["BIGINT", "DOUBLE", 1L, 1.5], ["BIGINT", "DOUBLE", long.MaxValue, 0.1]], rows);
    }

    [Fact]
    public void Widen_NarrowingChange_FailsWithUnsupportedTypeChange()
    {
        var field = new StructField("id", PrimitiveType.Long);

        var error = Assert.Throws<LakehouseException>(() => TypeWidening.Widen(field, PrimitiveType.Integer));

        Assert.Equal("DELTA_UNSUPPORTED_TYPE_CHANGE", error.ErrorClass);
    }

    [Fact]
    public void CreateScan_ColumnAddedAfterOldFiles_ReadsNullForOldRows()
    {
        using var table = new DeltaTableFixture();
        table.Create(DeltaTableFixture.Schema(("id", PrimitiveType.Long)));
        table.Append("SELECT 1 AS id");
        var snapshot = table.Log.GetSnapshot();
        var alter = new DeltaTransaction(table.Log, snapshot, table.Options);
        alter.UpdateMetadata(snapshot.Metadata.WithSchema(new StructType([.. snapshot.Schema.Fields, new StructField("extra", PrimitiveType.String)])));
        alter.Commit("ADD COLUMNS", null, null, TestContext.Current.CancellationToken);
        var beforeNewData = table.Rows(table.Log.GetSnapshot(), "id");

        table.Append("SELECT 2 AS id, 'x' AS extra");

        Assert.Equal([[1L, null]], beforeNewData);
        Assert.Equal([[1L, null], [2L, "x"]], table.Rows(table.Log.GetSnapshot(), "id"));
    }
}

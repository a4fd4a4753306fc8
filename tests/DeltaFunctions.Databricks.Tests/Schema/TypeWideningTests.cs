using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Schema;

public sealed class TypeWideningTests
{
    [Theory]
    [InlineData("TINYINT", "SMALLINT", true)]
    [InlineData("TINYINT", "DOUBLE", true)]
    [InlineData("SMALLINT", "BIGINT", true)]
    [InlineData("INT", "BIGINT", true)]
    [InlineData("INT", "DOUBLE", true)]
    [InlineData("INT", "DECIMAL(10,0)", true)]
    [InlineData("INT", "DECIMAL(9,0)", false)]
    [InlineData("BIGINT", "DECIMAL(20,0)", true)]
    [InlineData("BIGINT", "DECIMAL(19,0)", false)]
    [InlineData("BIGINT", "DOUBLE", false)]
    [InlineData("BIGINT", "INT", false)]
    [InlineData("FLOAT", "DOUBLE", true)]
    [InlineData("DOUBLE", "FLOAT", false)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,4)", true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(11,4)", false)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,1)", false)]
    [InlineData("DATE", "TIMESTAMP_NTZ", true)]
    [InlineData("DATE", "TIMESTAMP", false)]
    [InlineData("STRING", "BINARY", false)]
    [InlineData("INT", "STRING", false)]
    [InlineData("INT", "INT", false)]
    public void CanWiden_DeltaTable_MatchesReference(string from, string to, bool expected)
    {
        var allowed = TypeWidening.CanWiden(SqlType.Parse(from), SqlType.Parse(to));

        Assert.Equal(expected, allowed);
    }

    [Theory]
    [InlineData("TINYINT", "INT", true)]
    [InlineData("SMALLINT", "BIGINT", true)]
    [InlineData("INT", "BIGINT", true)]
    [InlineData("TINYINT", "DOUBLE", false)]
    [InlineData("INT", "DOUBLE", false)]
    [InlineData("INT", "DECIMAL(10,0)", false)]
    [InlineData("BIGINT", "DECIMAL(20,0)", false)]
    [InlineData("FLOAT", "DOUBLE", true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,4)", true)]
    [InlineData("DATE", "TIMESTAMP_NTZ", true)]
    [InlineData("BIGINT", "INT", false)]
    public void CanWidenBySchemaEvolution_IntegerToDecimalOrDouble_OnlyByExplicitAlter(string from, string to, bool expected)
    {
        var automatic = TypeWidening.CanWidenBySchemaEvolution(SqlType.Parse(from), SqlType.Parse(to));
        var change = new TypeChange("c", SqlType.Parse(from), SqlType.Parse(to));

        Assert.Equal(expected, automatic);
        Assert.Equal(!expected, change.RequiresExplicitAlter);
    }

    [Fact]
    public void Check_IntToDoubleOnWideningTable_PlanAltersItEvenThoughEvolutionWouldNot()
    {
        var target = new TableSchema([SchemaColumn.Of("id", "INT"), SchemaColumn.Of("amt", "FLOAT")], new Dictionary<string, string> { [TableSchema.TypeWideningProperty] = "true" });
        var table = new TableName("main", "sales", "orders");

        var widenFloat = SchemaCompatibility.Check(new TableSchema([SchemaColumn.Of("id", "INT"), SchemaColumn.Of("amt", "DOUBLE")]), target);
        var widenInt = SchemaCompatibility.Check(new TableSchema([SchemaColumn.Of("id", "DOUBLE"), SchemaColumn.Of("amt", "FLOAT")]), target);

        Assert.True(widenFloat.SchemaEvolutionSuffices);
        Assert.Empty(widenFloat.TypesRequiringExplicitAlter);
        Assert.False(widenInt.SchemaEvolutionSuffices);
        Assert.Equal("id", Assert.Single(widenInt.TypesRequiringExplicitAlter).Column);
        Assert.Equal(["ALTER TABLE `main`.`sales`.`orders` ALTER COLUMN `id` TYPE DOUBLE"], widenInt.ToAlterStatements(table));
    }
}

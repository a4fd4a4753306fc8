using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Schema;

public sealed class SchemaCompatibilityTests
{
    private static readonly TableName Orders = new("main", "sales", "orders");

    [Fact]
    public void Check_NewColumnAndIntToBigint_PlansAddAndWidenWithFeature()
    {
        var target = new TableSchema([SchemaColumn.Of("id", "INT", nullable: false), SchemaColumn.Of("amt", "DECIMAL(10,2)")]);
        var source = new TableSchema([SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("note", "STRING", nullable: false)]);

        var report = SchemaCompatibility.Check(source, target);

        Assert.True(report.IsCompatible);
        Assert.Equal([SchemaColumn.Of("note", "STRING")], report.ColumnsToAdd);
        Assert.Equal([new TypeChange("id", SqlType.Int, SqlType.Long)], report.TypesToWiden);
        Assert.Equal(
        [
            "ALTER TABLE `main`.`sales`.`orders` SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')",
            "ALTER TABLE `main`.`sales`.`orders` ALTER COLUMN `id` TYPE BIGINT",
            "ALTER TABLE `main`.`sales`.`orders` ADD COLUMNS (`note` STRING)",
        ],
            report.ToAlterStatements(Orders));
    }

    [Fact]
    public void Check_WideningAlreadyEnabled_DoesNotSetPropertyAgain()
    {
        var target = new TableSchema([SchemaColumn.Of("id", "INT")], new Dictionary<string, string> { ["delta.enableTypeWidening"] = "true" });
        var source = new TableSchema([SchemaColumn.Of("id", "BIGINT")]);

        var statements = SchemaCompatibility.Check(source, target).ToAlterStatements(Orders);

        Assert.Equal(["ALTER TABLE `main`.`sales`.`orders` ALTER COLUMN `id` TYPE BIGINT"], statements);
    }

    [Fact]
    public void Check_Narrowing_ReportsNarrowing()
    {
        var report = SchemaCompatibility.Check(
            new TableSchema([SchemaColumn.Of("id", "INT")]),
            new TableSchema([SchemaColumn.Of("id", "BIGINT")]));

        var problem = Assert.Single(report.Incompatibilities);
        Assert.False(report.IsCompatible);
        Assert.Equal(IncompatibilityReason.Narrowing, problem.Reason);
        Assert.Throws<InvalidOperationException>(() => report.ToAlterStatements(Orders));
    }

    [Fact]
    public void Check_UnrelatedTypes_ReportsTypeChangeNotAllowed()
    {
        var report = SchemaCompatibility.Check(
            new TableSchema([SchemaColumn.Of("id", "STRING")]),
            new TableSchema([SchemaColumn.Of("id", "BIGINT")]));

        Assert.Equal(IncompatibilityReason.TypeChangeNotAllowed, Assert.Single(report.Incompatibilities).Reason);
    }

    [Fact]
    public void Check_MissingNotNullColumn_ReportsDropping()
    {
        var report = SchemaCompatibility.Check(
            new TableSchema([SchemaColumn.Of("amt", "DOUBLE")]),
            new TableSchema([SchemaColumn.Of("id", "BIGINT", nullable: false), SchemaColumn.Of("amt", "DOUBLE"), SchemaColumn.Of("note", "STRING")]));

        var problem = Assert.Single(report.Incompatibilities);
        Assert.Equal(IncompatibilityReason.DroppingNonNullableColumn, problem.Reason);
        Assert.Equal("id", problem.Column);
    }

    [Fact]
    public void TableSchema_DuplicateColumn_Throws()
    {
        var act = () => new TableSchema([SchemaColumn.Of("id", "INT"), SchemaColumn.Of("ID", "INT")]);

        Assert.Throws<ArgumentException>(act);
    }
}

using DeltaFunctions.Databricks.Delta;
using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Delta;

public sealed class MergeBuilderTests
{
    private static readonly TableName Orders = new("main", "sales", "orders");

    [Fact]
    public void ToSql_RowsSource_SendsOneJsonParameter()
    {
        var sut = new MergeBuilder(Orders)
            .UsingRows([new Order(1, 10.5m, "x"), new Order(2, 3m, null)], [SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("note", "STRING")])
            .On("id")
            .WhenMatchedUpdateAll()
            .WhenNotMatchedInsertAll();

        var statement = sut.ToSql();

        Assert.Equal(
            "MERGE INTO `main`.`sales`.`orders` AS `t` USING (SELECT `c0` AS `id`, `c1` AS `amt`, `c2` AS `note` FROM (SELECT inline(from_json(:p0, 'ARRAY<STRUCT<`c0`: BIGINT, `c1`: DECIMAL(10,2), `c2`: STRING>>', map('mode', 'FAILFAST'))))) AS `s` ON (`t`.`id` = `s`.`id`) WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
            statement.Text);
        var parameter = Assert.Single(statement.Parameters);
        Assert.Equal("""[{"c0":1,"c1":10.5,"c2":"x"},{"c0":2,"c1":3,"c2":null}]""", parameter.Value);
    }

    [Fact]
    public void ToSql_EveryClauseKind_RendersInOrderWithBoundValues()
    {
        var sut = new MergeBuilder(Orders)
            .UsingTable(new TableName("main", "staging", "orders"))
            .On("id")
            .WithSchemaEvolution()
            .WhenMatchedDelete(SqlFilter.Equal(ColumnRef.Source("op"), "D"))
            .WhenMatchedUpdate([MergeAssignment.FromSource("amt"), MergeAssignment.Value("note", "updated")])
            .WhenNotMatchedInsert([MergeAssignment.FromSource("id"), MergeAssignment.FromSource("amt")], SqlFilter.NotEqual(ColumnRef.Source("op"), "D"))
            .WhenNotMatchedBySourceUpdate([MergeAssignment.Value("active", false)], SqlFilter.LessThan(ColumnRef.Target("day"), new DateOnly(2024, 1, 1)))
            .WhenNotMatchedBySourceDelete();

        var statement = sut.ToSql();

        Assert.Equal(
            "MERGE WITH SCHEMA EVOLUTION INTO `main`.`sales`.`orders` AS `t` USING `main`.`staging`.`orders` AS `s` ON (`t`.`id` = `s`.`id`)"
            + " WHEN MATCHED AND `s`.`op` = :p0 THEN DELETE"
            + " WHEN MATCHED THEN UPDATE SET `amt` = `s`.`amt`, `note` = :p1"
            + " WHEN NOT MATCHED AND `s`.`op` <> :p2 THEN INSERT (`id`, `amt`) VALUES (`s`.`id`, `s`.`amt`)"
            + " WHEN NOT MATCHED BY SOURCE AND `t`.`day` < :p3 THEN UPDATE SET `active` = :p4"
            + " WHEN NOT MATCHED BY SOURCE THEN DELETE",
            statement.Text);
        Assert.Equal(["D", "updated", "D", "2024-01-01", "false"], statement.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void ToSql_StarExceptClauses_RenderQuotedColumnListsWithSchemaEvolutionInTheStatement()
    {
        var sut = new MergeBuilder(Orders)
            .UsingTable(new TableName("main", "staging", "orders"))
            .On("id")
            .WithSchemaEvolution()
            .WhenMatchedUpdateAllExcept(["created_at", "odd`name"], SqlFilter.Equal(ColumnRef.Source("op"), "U"))
            .WhenNotMatchedInsertAllExcept(["surrogate key"]);

        var statement = sut.ToSql();

        Assert.Equal(
            "MERGE WITH SCHEMA EVOLUTION INTO `main`.`sales`.`orders` AS `t` USING `main`.`staging`.`orders` AS `s` ON (`t`.`id` = `s`.`id`)"
            + " WHEN MATCHED AND `s`.`op` = :p0 THEN UPDATE SET * EXCEPT (`created_at`, `odd``name`)"
            + " WHEN NOT MATCHED THEN INSERT * EXCEPT (`surrogate key`)",
            statement.Text);
        Assert.DoesNotContain("autoMerge", statement.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["U"], statement.Parameters.Select(p => p.Value));
    }

    [Fact]
    public void WhenStarExcept_NoRepeatedOrEmptyColumns_Throws()
    {
        var sut = new MergeBuilder(Orders).UsingTable(Orders).On("id");

        Assert.Throws<ArgumentException>(() => sut.WhenMatchedUpdateAllExcept([]));
        Assert.Throws<ArgumentException>(() => sut.WhenNotMatchedInsertAllExcept(["a", "A"]));
        Assert.Throws<ArgumentException>(() => sut.WhenMatchedUpdateAllExcept([""]));
        Assert.Throws<InvalidOperationException>(() => sut.ToSql());
    }

    [Fact]
    public void ToSql_UnconditionedClauseBeforeAnother_Throws()
    {
        var sut = new MergeBuilder(Orders).UsingTable(Orders).On("id").WhenMatchedDelete().WhenMatchedUpdateAll();

        var act = () => sut.ToSql();

        var error = Assert.Throws<InvalidOperationException>(act);
        Assert.Contains("WHEN MATCHED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSql_NoSourceOrNoClause_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new MergeBuilder(Orders).On("id").WhenMatchedDelete().ToSql());
        Assert.Throws<InvalidOperationException>(() => new MergeBuilder(Orders).UsingTable(Orders).On("id").ToSql());
        Assert.Throws<InvalidOperationException>(() => new MergeBuilder(Orders).UsingTable(Orders).WhenMatchedDelete().ToSql());
    }

    [Fact]
    public void WhenNotMatchedBySource_SourceReference_Throws()
    {
        var sut = new MergeBuilder(Orders);

        Assert.Throws<ArgumentException>(() => sut.WhenNotMatchedBySourceDelete(SqlFilter.IsNull(ColumnRef.Source("x"))));
        Assert.Throws<ArgumentException>(() => sut.WhenNotMatchedBySourceUpdate([MergeAssignment.FromSource("x")]));
    }

    [Fact]
    public void FindDuplicateSourceKeys_RepeatedKey_ReportsKeyAndCount()
    {
        var sut = new MergeBuilder(Orders)
            .UsingRows([new Order(1, 1m, null), new Order(2, 1m, null), new Order(1, 2m, null), new Order(1, 3m, null)])
            .On("id")
            .WhenMatchedUpdateAll();

        var duplicates = sut.FindDuplicateSourceKeys();

        var duplicate = Assert.Single(duplicates);
        Assert.Equal(1L, duplicate.Key["id"]);
        Assert.Equal(3, duplicate.Count);
    }

    [Fact]
    public void FindDuplicateSourceKeys_DistinctSingleKeys_ReportsNone()
    {
        var sut = new MergeBuilder(Orders)
            .UsingRows(Enumerable.Range(0, 1_000).Select(i => new Order(i, 1m, null)))
            .On("id")
            .WhenMatchedUpdateAll();

        Assert.Empty(sut.FindDuplicateSourceKeys());
    }

    [Fact]
    public void FindDuplicateSourceKeys_TwoNullKeysOrEqualBinaryKeys_ReportsThem()
    {
        var columns = new[] { SchemaColumn.Of("k", "BINARY"), SchemaColumn.Of("v", "INT") };
        IReadOnlyDictionary<string, object?> Row(object? key, int value) => new Dictionary<string, object?> { ["k"] = key, ["v"] = value };
        var nulls = new MergeBuilder(Orders).UsingRows([Row(null, 1), Row(new byte[] { 1 }, 2), Row(null, 3)], columns).On("k").WhenMatchedUpdateAll();
        var bytes = new MergeBuilder(Orders).UsingRows([Row(new byte[] { 1, 2 }, 1), Row(new byte[] { 1, 3 }, 2), Row(new byte[] { 1, 2 }, 3)], columns).On("k").WhenMatchedUpdateAll();
        var distinct = new MergeBuilder(Orders).UsingRows([Row(new byte[] { 1, 2 }, 1), Row(new byte[] { 2, 1 }, 2), Row(null, 3)], columns).On("k").WhenMatchedUpdateAll();

        var nullDuplicate = Assert.Single(nulls.FindDuplicateSourceKeys());
        var bytesDuplicate = Assert.Single(bytes.FindDuplicateSourceKeys());

        Assert.Null(nullDuplicate.Key["k"]);
        Assert.Equal(2, nullDuplicate.Count);
        Assert.Equal(new byte[] { 1, 2 }, bytesDuplicate.Key["k"]);
        Assert.Equal(2, bytesDuplicate.Count);
        Assert.Empty(distinct.FindDuplicateSourceKeys());
    }

    [Fact]
    public void FindDuplicateSourceKeys_CompositeKey_ComparesAllColumns()
    {
        var columns = new[] { SchemaColumn.Of("a", "INT"), SchemaColumn.Of("b", "STRING") };
        IReadOnlyDictionary<string, object?> Row(int a, string? b) => new Dictionary<string, object?> { ["a"] = a, ["b"] = b };
        var sut = new MergeBuilder(Orders).UsingRows([Row(1, "x"), Row(1, "y"), Row(2, "x"), Row(1, "x"), Row(3, null), Row(3, null)], columns).On("a", "b").WhenMatchedUpdateAll();

        var duplicates = sut.FindDuplicateSourceKeys().OrderBy(d => (int)d.Key["a"]!).ToList();

        Assert.Equal(2, duplicates.Count);
        Assert.Equal((1, "x", 2), ((int)duplicates[0].Key["a"]!, (string?)duplicates[0].Key["b"], duplicates[0].Count));
        Assert.Equal((3, (string?)null, 2), ((int)duplicates[1].Key["a"]!, (string?)duplicates[1].Key["b"], duplicates[1].Count));
    }

    [Fact]
    public async Task ExecuteAsync_DryRunBuilder_Throws()
    {
        var sut = new MergeBuilder(Orders).UsingTable(Orders).On("id").WhenMatchedDelete();

        var act = () => sut.ExecuteAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(act);
    }

    [Fact]
    public void UsingRows_InferredColumns_UsesPropertyTypesWithDecimalsSizedToTheirValues()
    {
        var sut = new MergeBuilder(Orders).UsingRows([new Order(1, 12.5m, "a"), new Order(2, 0.00000000000000000001m, "b")]).On("Id").WhenNotMatchedInsertAll();

        var statement = sut.ToSql();

        Assert.Contains("'ARRAY<STRUCT<`c0`: BIGINT, `c1`: DECIMAL(22,20), `c2`: STRING>>'", statement.Text, StringComparison.Ordinal);
    }

    public sealed record Order(long Id, decimal Amt, string? Note);
}

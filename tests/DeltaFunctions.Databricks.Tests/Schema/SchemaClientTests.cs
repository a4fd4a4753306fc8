using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Tests.IntegrationTests;

namespace DeltaFunctions.Databricks.Tests.Schema;

public sealed class SchemaClientTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvolveSchemaAsync_NewColumnAndIntToBigint_AltersTableOnceAndIsIdempotent()
    {
        var table = await CreateAsync("id INT NOT NULL, amt DECIMAL(10,2)");
        var sut = lakehouse.Client.GetSchemaClient();
        var source = new TableSchema([SchemaColumn.Of("id", "BIGINT"), SchemaColumn.Of("amt", "DECIMAL(10,2)"), SchemaColumn.Of("note", "STRING")]);

        var first = await sut.EvolveSchemaAsync(table, source, Ct);
        var second = await sut.EvolveSchemaAsync(table, source, Ct);
        var after = await sut.GetSchemaAsync(table, Ct);

        Assert.True(first.EnablesTypeWidening);
        Assert.Single(first.TypesToWiden);
        Assert.Single(first.ColumnsToAdd);
        Assert.True(second.RequiresNoChange);
        Assert.Equal(SqlType.Long, after.Find("id")!.Type);
        Assert.Equal(SqlType.String, after.Find("note")!.Type);
        Assert.True(after.TypeWideningEnabled);
    }

    [Fact]
    public async Task EvolveSchemaAsync_Narrowing_ThrowsAndChangesNothing()
    {
        var table = await CreateAsync("id BIGINT, amt DOUBLE");
        var sut = lakehouse.Client.GetSchemaClient();

        var error = await Assert.ThrowsAsync<SchemaIncompatibleException>(() => sut.EvolveSchemaAsync(
            table, new TableSchema([SchemaColumn.Of("id", "INT"), SchemaColumn.Of("extra", "STRING")]), Ct));
        var after = await sut.GetSchemaAsync(table, Ct);

        Assert.Equal(IncompatibilityReason.Narrowing, Assert.Single(error.Report!.Incompatibilities).Reason);
        Assert.Equal(["id", "amt"], after.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task EvolveSchemaAsync_IntToDecimalAndDouble_ReportedAsExplicitAlterAndAppliedByAlter()
    {
        var table = await CreateAsync("id INT, qty SMALLINT, day DATE");
        var sut = lakehouse.Client.GetSchemaClient();
        var source = new TableSchema([SchemaColumn.Of("id", "DECIMAL(12,2)"), SchemaColumn.Of("qty", "DOUBLE"), SchemaColumn.Of("day", "TIMESTAMP_NTZ")]);

        var report = await sut.EvolveSchemaAsync(table, source, Ct);
        var after = await sut.GetSchemaAsync(table, Ct);

        Assert.Equal(["id", "qty"], report.TypesRequiringExplicitAlter.Select(t => t.Column));
        Assert.False(Assert.Single(report.TypesToWiden, t => t.Column == "day").RequiresExplicitAlter);
        Assert.False(report.SchemaEvolutionSuffices);
        Assert.Equal(SqlType.Parse("DECIMAL(12,2)"), after.Find("id")!.Type);
        Assert.Equal(SqlType.Double, after.Find("qty")!.Type);
        Assert.Equal(SqlType.TimestampNtz, after.Find("day")!.Type);
        Assert.True(sut.CheckCompatibility(source, after).RequiresNoChange);
    }

    [Fact]
    public async Task WidenedColumn_OldRowsReadAsBigint()
    {
        var table = await CreateAsync("id INT");
        var sql = lakehouse.Client.GetSqlClient();
        await sql.ExecuteAsync(SqlStatement.FromText($"INSERT INTO {table.ToSql()} VALUES (7)"), cancellationToken: Ct);

        await lakehouse.Client.GetSchemaClient().EvolveSchemaAsync(table, new TableSchema([SchemaColumn.Of("id", "BIGINT")]), Ct);
        await sql.ExecuteAsync(new SqlStatement($"INSERT INTO {table.ToSql()} VALUES (:big)", [new StatementParameter { Name = "big", Value = "5000000000", Type = "BIGINT" }]), cancellationToken: Ct);
        var ids = await sql.ReadAsync<long>(SqlStatement.FromText($"SELECT id FROM {table.ToSql()} ORDER BY id"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal([7L, 5_000_000_000L], ids);
    }

    private async Task<TableName> CreateAsync(string columns)
    {
        var table = new TableName("main", "default", LakehouseEmulator.NewTable("evolve"));
        await lakehouse.Client.GetSqlClient().ExecuteAsync(SqlStatement.FromText($"CREATE TABLE {table.ToSql()} ({columns}) USING DELTA"), cancellationToken: Ct);
        return table;
    }
}

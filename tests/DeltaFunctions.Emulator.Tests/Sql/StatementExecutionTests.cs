using DeltaFunctions.Emulator.Sql;
using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>What a submitted statement keeps once it runs.</summary>
public sealed class StatementExecutionTests
{
    [Fact]
    public void TakeParameters_BoundParameters_HandsThemOverAndKeepsTheRestOfTheRequest()
    {
        var request = new ExecuteStatementRequest
        {
            Statement = "SELECT :a, :b",
            WarehouseId = "w",
            Catalog = "c",
            Schema = "s",
            Parameters = [new StatementParameter { Name = "a", Value = new string('x', 1_000_000), Type = "STRING" }, new StatementParameter { Name = "b", Value = null }],
        };
        var sut = new StatementExecution("id", request, "JSON_ARRAY", "INLINE");

        var taken = sut.TakeParameters();

        Assert.Equal([new LakehouseParameter("a", new string('x', 1_000_000), "STRING"), new LakehouseParameter("b", null, null)], taken);
        Assert.Null(sut.Request.Parameters);
        Assert.Equal(("SELECT :a, :b", "w", "c", "s"), (sut.Request.Statement, sut.Request.WarehouseId, sut.Request.Catalog, sut.Request.Schema));
        Assert.Null(sut.TakeParameters());
    }
}

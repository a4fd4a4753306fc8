using DeltaFunctions.Databricks.Sql;
using Moq;

namespace DeltaFunctions.Databricks.Tests;

public sealed class MockingTests
{
    [Fact]
    public async Task DatabricksClient_IsSubstitutableWithMoq()
    {
        var warehouses = new Mock<WarehousesClient>();
        warehouses.Setup(w => w.GetWarehouseAsync("w1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SqlWarehouse { Id = "w1", State = SqlWarehouseState.Running });
        var client = new Mock<DatabricksClient>();
        client.Setup(c => c.GetWarehousesClient()).Returns(warehouses.Object);
        client.Setup(c => c.CircuitState).Returns(DatabricksCircuitState.Open);

        var warehouse = await client.Object.GetWarehousesClient().GetWarehouseAsync("w1", TestContext.Current.CancellationToken);

        Assert.Equal(SqlWarehouseState.Running, warehouse.State);
        Assert.Equal(DatabricksCircuitState.Open, client.Object.CircuitState);
    }
}

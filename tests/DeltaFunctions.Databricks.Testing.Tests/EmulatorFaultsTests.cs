using System.Net;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing.Faults;

namespace DeltaFunctions.Databricks.Testing.Tests;

public sealed class EmulatorFaultsTests : IAsyncLifetime
{
    private DatabricksEmulator _emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _emulator = await DatabricksEmulator.StartAsync(cancellationToken: Ct);

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task ArmAsync_ServiceUnavailableWithRetryAfterTwice_ClientResendsTheStatementThroughBothAndSucceeds()
    {
        // A statement submission is not idempotent: the retry contract resends it on 503 only with Retry-After.
        var sut = _emulator.Faults;
        using var client = _emulator.CreateClient();
        await sut.ArmAsync([EmulatorFault.ServiceUnavailable(TimeSpan.FromSeconds(1)).For("/api/2.0/sql/statements", "POST").Times(2)], Ct);
        var armed = await sut.ListAsync(Ct);

        var response = await client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 1 AS one"), new SqlExecuteOptions { Format = ResultFormat.JsonArray }, Ct);

        var fault = Assert.Single(armed);
        Assert.Equal(503, fault.Fault.Status);
        Assert.Equal("POST", fault.Fault.Method);
        Assert.Equal("/api/2.0/sql/statements", fault.Fault.PathPrefix);
        Assert.Equal(2, fault.Remaining);
        Assert.Equal("1", response.Result!.DataArray![0][0]);
        Assert.Empty(await sut.ListAsync(Ct));
    }

    [Fact]
    public async Task ArmAsync_ServiceUnavailableWithoutRetryAfter_StatementIsNotResent()
    {
        var sut = _emulator.Faults;
        using var client = _emulator.CreateClient();
        await sut.ArmAsync([EmulatorFault.ServiceUnavailable().For("/api/2.0/sql/statements", "POST").Times(2)], Ct);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => client.GetSqlClient().ExecuteAsync(SqlStatement.FromText("SELECT 1 AS one"), cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, Assert.Single(await sut.ListAsync(Ct)).Remaining);
    }

    [Fact]
    public async Task ArmAsync_TooManyRequestsWithRetryAfter_ListShowsItAndClientWaitsThenSucceeds()
    {
        var sut = _emulator.Faults;
        using var client = _emulator.CreateClient();
        await sut.ArmAsync([EmulatorFault.TooManyRequests(TimeSpan.FromSeconds(1)).For("/api/2.1/unity-catalog/catalogs")], Ct);
        var armed = Assert.Single(await sut.ListAsync(Ct));

        var catalog = await client.GetCatalogClient().GetCatalogAsync("main", Ct);

        Assert.Equal(429, armed.Fault.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), armed.Fault.RetryAfter);
        Assert.Equal("main", catalog.Name);
        Assert.Empty(await sut.ListAsync(Ct));
    }

    [Fact]
    public async Task ArmAsync_ConnectionReset_IdempotentCallIsRetried()
    {
        var sut = _emulator.Faults;
        using var client = _emulator.CreateClient();
        await sut.ArmAsync(EmulatorFault.ConnectionReset().For("/api/2.1/unity-catalog/catalogs", "GET"));

        var catalog = await client.GetCatalogClient().GetCatalogAsync("main", Ct);

        Assert.Equal("main", catalog.Name);
        Assert.Empty(await sut.ListAsync(Ct));
    }

    [Fact]
    public async Task ArmAsync_NonRetriedStatus_SurfacesAsDatabricksExceptionWithTheArmedCodeAndMessage()
    {
        var sut = _emulator.Faults;
        using var client = _emulator.CreateClient();
        await sut.ArmAsync([EmulatorFault.Error(403, "PERMISSION_DENIED", "User does not have USE CATALOG on main").For("/api/2.1/unity-catalog/catalogs")], Ct);

        var error = await Assert.ThrowsAsync<DatabricksException>(() => client.GetCatalogClient().GetCatalogAsync("main", Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(DatabricksErrorCode.PermissionDenied, error.ErrorCode);
        Assert.Contains("USE CATALOG on main", error.Message, StringComparison.Ordinal);
        Assert.Empty(await sut.ListAsync(Ct));
    }

    [Fact]
    public async Task ArmAsync_Latency_ListShowsDelayAndClearAsyncRemovesEverything()
    {
        var sut = _emulator.Faults;
        await sut.ArmAsync([EmulatorFault.Latency(TimeSpan.FromSeconds(5)).Times(3), EmulatorFault.ServiceUnavailable()], Ct);
        var armed = await sut.ListAsync(Ct);

        await sut.ClearAsync(Ct);

        Assert.Equal(2, armed.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), armed[0].Fault.Delay);
        Assert.Null(armed[0].Fault.Status);
        Assert.Equal(3, armed[0].Remaining);
        Assert.Equal("/api/", armed[1].Fault.PathPrefix);
        Assert.Empty(await sut.ListAsync(Ct));
    }

    [Fact]
    public void Factories_OutOfRangeValues_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Error(302));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Latency(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.ConnectionReset().Times(0));
        Assert.Throws<ArgumentException>(() => EmulatorFault.ConnectionReset().For("api/2.0"));
    }
}

using DeltaFunctions.Databricks.Tests.IntegrationTests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeltaFunctions.Databricks.Tests.Errors;

/// <summary>Errors that say what to fix, configured as a user would through DI, against the emulator over loopback.</summary>
public sealed class ActionableErrorsTests(LakehouseEmulator lakehouse) : IClassFixture<LakehouseEmulator>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDatabricks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return builder.Build();
    }

    [Fact]
    public async Task WrongToken_NamesTheSettingAndAuthType_WithServiceCodeAndRequestId()
    {
        using var host = Build(new()
        {
            ["DATABRICKS_HOST"] = lakehouse.Emulator.BaseAddress.ToString(),
            ["DATABRICKS_TOKEN"] = "dapi-wrong-token",
            ["Databricks:MaxRetries"] = "0",
        });
        await host.StartAsync(Ct);
        var sut = host.Services.GetRequiredService<DatabricksClient>();

        var error = await Assert.ThrowsAsync<DatabricksException>(() => sut.GetJobsClient().GetRunAsync(1, Ct));
        TestContext.Current.TestOutputHelper?.WriteLine(error.Message);

        Assert.Equal(DatabricksErrorCode.PermissionDenied, error.ErrorCode);
        Assert.Equal("403", error.ServiceErrorCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains("Databricks:Token (DATABRICKS_TOKEN)", error.Message, StringComparison.Ordinal);
        Assert.Contains("auth type 'pat'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dapi-wrong-token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("localhost")]
    public async Task HostWithoutScheme_FailsAtStartNamingTheKey(string value)
    {
        using var host = Build(new() { ["DATABRICKS_HOST"] = value, ["DATABRICKS_TOKEN"] = "dapi-x" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("DATABRICKS_HOST", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no scheme", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BareWorkspaceHostName_StillAcceptedLikeTheSdks()
    {
        using var host = Build(new() { ["DATABRICKS_HOST"] = "adb-1234567890123456.7.azuredatabricks.net", ["DATABRICKS_TOKEN"] = "dapi-x" });

        await host.StartAsync(Ct);

        Assert.Equal("https://adb-1234567890123456.7.azuredatabricks.net/", host.Services.GetRequiredService<DatabricksClient>().Host.ToString());
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task MissingWarehouse_NamesTheKey()
    {
        using var host = Build(new() { ["DATABRICKS_HOST"] = lakehouse.Emulator.BaseAddress.ToString(), ["DATABRICKS_TOKEN"] = lakehouse.Emulator.Token });
        await host.StartAsync(Ct);
        var sut = host.Services.GetRequiredService<DatabricksClient>().GetSqlClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ExecuteAsync(DeltaFunctions.Databricks.Sql.SqlStatement.FromText("SELECT 1"), cancellationToken: Ct));

        Assert.Contains("DATABRICKS_WAREHOUSE_ID", error.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json.Nodes;
using DeltaFunctions.TestUtilities.Emulator;

namespace DeltaFunctions.Emulator.Tests.Sql;

/// <summary>Over loopback HTTP, statements that would reach the host fail with the Databricks error a user would see.</summary>
public sealed class StatementHostAccessTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData("SELECT * FROM read_csv_auto('/etc/passwd')", "UNRESOLVED_ROUTINE")]
    [InlineData("SELECT * FROM Read_Text('/etc/passwd')", "UNRESOLVED_ROUTINE")]
    [InlineData("select * from GLOB('/*')", "UNRESOLVED_ROUTINE")]
    [InlineData("SELECT * FROM `duckdb_settings`()", "UNRESOLVED_ROUTINE")]
    [InlineData("SELECT getenv('HOME')", "UNRESOLVED_ROUTINE")]
    [InlineData("SELECT * FROM '/etc/passwd'", "PARSE_SYNTAX_ERROR")]
    [InlineData("ATTACH '/tmp/x.db' AS x", "PARSE_SYNTAX_ERROR")]
    [InlineData("COPY (SELECT 1) TO '/tmp/out.csv'", "PARSE_SYNTAX_ERROR")]
    [InlineData("PRAGMA database_list", "PARSE_SYNTAX_ERROR")]
    [InlineData("CREATE TABLE escape (id INT) LOCATION '/tmp/escape-table'", "INVALID_VOLUME_PATH")]
    [InlineData("CREATE TABLE escape (id INT) LOCATION '../escape-table'", "INVALID_VOLUME_PATH")]
    [InlineData("SELECT * FROM read_files('/etc/passwd', format => 'csv')", "INVALID_VOLUME_PATH")]
    public async Task Submit_StatementReachingTheHost_FailsWithTheDatabricksErrorClass(string statement, string errorClass)
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = emulator.CreateClient();

        var body = await sut.PostJsonAsync(
            "api/2.0/sql/statements",
            new JsonObject { ["statement"] = statement, ["warehouse_id"] = emulator.WarehouseId, ["wait_timeout"] = "30s" },
            ct);

        var status = body["status"]!;
        Assert.Equal("FAILED", (string?)status["state"]);
        Assert.StartsWith($"[{errorClass}]", (string?)status["error"]!["message"], StringComparison.Ordinal);
        Assert.Matches("SQLSTATE: [0-9A-Z]{5}$", (string?)status["error"]!["message"]);
        Assert.DoesNotContain("root:", body.ToJsonString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists("/tmp/escape-table"));
    }
}

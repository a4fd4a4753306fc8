using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Sql;
using DeltaFunctions.Databricks.Testing.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.Databricks.Testing.Tests;

public sealed class DatabricksEmulatorTests
{
    private static readonly Order[] Orders = [new(1, "Amsterdam", 12.50m, true), new(2, "Berlin", 7.25m, false), new(3, "Lisbon", 0.99m, true)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartAsync_WithTableFromRows_ClientReadsTheRowsAndTypes()
    {
        await using var sut = await DatabricksEmulator.StartAsync(
            new DatabricksEmulatorOptions { Tables = [EmulatorTable.FromRows("shop.sales.orders", Orders)] }, Ct);
        using var client = sut.CreateClient();

        var rows = await client.GetSqlClient().ReadAsync<Order>(SqlStatement.FromText("SELECT * FROM shop.sales.orders ORDER BY order_id"), cancellationToken: Ct).ToListAsync(Ct);
        var table = await client.GetCatalogClient().GetTableAsync(new TableName("shop", "sales", "orders"), Ct);

        Assert.Equal(Orders, rows);
        Assert.Equal(["order_id", "city", "amount", "paid"], table.Columns!.Select(c => c.Name));
        Assert.StartsWith("DECIMAL(", table.Columns![2].TypeText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("BOOLEAN", table.Columns![3].TypeText, ignoreCase: true);
    }

    [Fact]
    public async Task SeedAsync_DictionaryRowsWithColumns_CreatesAnEmptyOrFilledTable()
    {
        await using var sut = await DatabricksEmulator.StartAsync(cancellationToken: Ct);
        var columns = new[] { SchemaColumn.Of("id", "BIGINT", nullable: false), SchemaColumn.Of("note", "STRING") };
        IReadOnlyDictionary<string, object?>[] rows = [new Dictionary<string, object?> { ["id"] = 5L, ["note"] = null }];

        await sut.SeedAsync(
            [
                EmulatorTable.FromRows("main.default.notes", rows, columns),
                EmulatorTable.FromRows("main.default.empty", Array.Empty<IReadOnlyDictionary<string, object?>>(), columns),
            ],
            Ct);
        using var client = sut.CreateClient();
        var notes = await client.GetSqlClient().QueryAsync(SqlStatement.FromText("SELECT id, note FROM main.default.notes"), cancellationToken: Ct).ToListAsync(Ct);
        var empty = await client.GetSqlClient().QueryAsync(SqlStatement.FromText("SELECT * FROM main.default.empty"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(5L, Convert.ToInt64(Assert.Single(notes)["id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(notes[0]["note"]);
        Assert.Empty(empty);
    }

    [Fact]
    public async Task SeedAsync_FromDeltaAndParquetFolders_TablesHoldTheSameRows()
    {
        var copy = Path.Combine(Path.GetTempPath(), "kit-seed-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var source = await DatabricksEmulator.StartAsync(
                new DatabricksEmulatorOptions { Tables = [EmulatorTable.FromRows("main.kit.orders", Orders)] }, Ct))
            {
                // A Delta table folder as another tool would leave it: _delta_log plus Parquet data files.
                CopyFolder(Path.Combine(source.DataDirectory, "catalogs", "main", "kit", "orders"), Path.Combine(copy, "delta"));
            }

            Directory.CreateDirectory(Path.Combine(copy, "parquet", "part"));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(copy, "delta"), "*.parquet", SearchOption.AllDirectories).Where(f => !f.Contains("_delta_log", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(copy, "parquet", "part", Path.GetFileName(file)));
            }

            await using var sut = await DatabricksEmulator.StartAsync(
                new DatabricksEmulatorOptions
                {
                    Tables = [EmulatorTable.FromFolder("lake.raw.orders_delta", Path.Combine(copy, "delta")), EmulatorTable.FromFolder("lake.raw.orders_parquet", Path.Combine(copy, "parquet"))],
                },
                Ct);
            using var client = sut.CreateClient();
            var fromDelta = await client.GetSqlClient().ReadAsync<Order>(SqlStatement.FromText("SELECT * FROM lake.raw.orders_delta ORDER BY order_id"), cancellationToken: Ct).ToListAsync(Ct);
            var fromParquet = await client.GetSqlClient().ReadAsync<Order>(SqlStatement.FromText("SELECT * FROM lake.raw.orders_parquet ORDER BY order_id"), cancellationToken: Ct).ToListAsync(Ct);
            var history = await client.GetDeltaClient("lake", "raw").DescribeHistoryAsync("orders_delta", cancellationToken: Ct);

            Assert.Equal(Orders, fromDelta);
            Assert.Equal(Orders, fromParquet);
            Assert.True(history.Count >= 2, $"{history.Count} version(s): the source table's CREATE and WRITE are kept");
            Assert.True(Directory.Exists(Path.Combine(copy, "delta", "_delta_log")));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task FromFolder_FolderWithoutDeltaOrParquet_FailsNamingTheFolder()
    {
        var empty = Directory.CreateTempSubdirectory("kit-empty-").FullName;
        await using var sut = await DatabricksEmulator.StartAsync(cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sut.SeedAsync([EmulatorTable.FromFolder("main.default.nothing", empty)], Ct));

        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        Assert.Contains("neither a Delta table", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => EmulatorTable.FromFolder("main.default.x", Path.Combine(empty, "missing")));
        Assert.Throws<ArgumentException>(() => EmulatorTable.FromRows("not a name", Orders));
    }

    [Fact]
    public async Task AddDatabricksEmulator_ResolvesClientPointingAtTheEmulator()
    {
        await using var emulator = await DatabricksEmulator.StartAsync(
            new DatabricksEmulatorOptions { Tables = [EmulatorTable.FromRows("main.default.orders", Orders)] }, Ct);
        await using var provider = new ServiceCollection().AddDatabricksEmulator(emulator).BuildServiceProvider();

        var sut = provider.GetRequiredService<DatabricksClient>();
        var count = await sut.GetSqlClient().QueryAsync(SqlStatement.FromText("SELECT count(*) AS n FROM main.default.orders"), cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(emulator.BaseAddress, sut.Host);
        Assert.Equal(3L, Convert.ToInt64(Assert.Single(count)["n"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WriteSqlNotebook_PathLeavingTheWorkspace_Throws()
    {
        await using var sut = await DatabricksEmulator.StartAsync(cancellationToken: Ct);

        Assert.Throws<ArgumentException>(() => sut.WriteSqlNotebook("/../../escape", "SELECT 1"));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public sealed record Order(long OrderId, string City, decimal Amount, bool Paid);
}

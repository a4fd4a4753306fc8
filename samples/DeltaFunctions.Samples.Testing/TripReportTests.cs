using DeltaFunctions.Databricks.Schema;
using DeltaFunctions.Databricks.Testing;
using DeltaFunctions.Databricks.Testing.Faults;
using DeltaFunctions.Databricks.Testing.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.Samples.Testing;

/// <summary>Tests of the user's code, written as a user of the test kit would write them.</summary>
public sealed class TripReportTests : IAsyncLifetime
{
    private static readonly Trip[] Trips =
    [
        new(1, "Amsterdam", 3.20m), new(2, "Amsterdam", 7.45m), new(3, "Berlin", 12.10m), new(4, "Lisbon", 5.00m),
    ];

    // Column types stated, as a user mirroring a production table would.
    private static readonly SchemaColumn[] TripColumns =
        [SchemaColumn.Of("trip_id", "BIGINT", nullable: false), SchemaColumn.Of("city", "STRING"), SchemaColumn.Of("distance_km", "DECIMAL(10,2)")];

    private DatabricksEmulator _emulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One emulator per test class, seeded with the table the code reads.
    public async ValueTask InitializeAsync() =>
        _emulator = await DatabricksEmulator.StartAsync(
            new DatabricksEmulatorOptions { Tables = [EmulatorTable.FromRows("main.demo.trips", Trips, TripColumns)] }, Ct);

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    [Fact]
    public async Task BusiestCities_SeededTrips_ReturnsCitiesByDistance()
    {
        var sut = new TripReport(_emulator.CreateClient());

        var top = await sut.BusiestCitiesAsync(2, Ct);

        Assert.Equal([new CityTotal("Berlin", 1, 12.10m), new CityTotal("Amsterdam", 2, 10.65m)], top);
    }

    [Fact]
    public async Task BusiestCities_DatabricksThrottlesTwice_StillAnswers()
    {
        var sut = new TripReport(_emulator.CreateClient());
        await _emulator.Faults.ArmAsync(EmulatorFault.TooManyRequests().For("/api/2.0/sql/statements").Times(2));

        var top = await sut.BusiestCitiesAsync(1, Ct);

        Assert.Equal("Berlin", Assert.Single(top).City);
        Assert.Empty(await _emulator.Faults.ListAsync(Ct));
    }

    [Fact]
    public async Task BusiestCities_FromTheContainer_UsesTheEmulatorRegistration()
    {
        var services = new ServiceCollection().AddDatabricksEmulator(_emulator).AddSingleton<TripReport>();
        await using var provider = services.BuildServiceProvider();

        var top = await provider.GetRequiredService<TripReport>().BusiestCitiesAsync(3, Ct);

        Assert.Equal(["Berlin", "Amsterdam", "Lisbon"], top.Select(c => c.City));
    }

    [Fact]
    public async Task BusiestCities_RecordedOnceThenReplayed_GivesTheSameAnswerWithoutAWorkspace()
    {
        // Against a real workspace, record once with DATABRICKS_RECORD=path and commit the file; CI then replays it
        // with DATABRICKS_REPLAY=path and no credentials. Here the emulator stands in for the workspace.
        var cassette = Path.Combine(Path.GetTempPath(), "sample-cassettes-" + Guid.NewGuid().ToString("N"), "busiest-cities.json");
        IReadOnlyList<CityTotal> recorded;
        using (var recording = _emulator.CreateClient(o => o.RecordPath = cassette))
        {
            recorded = await new TripReport(recording).BusiestCitiesAsync(3, Ct);
        }

        await _emulator.DisposeAsync();
        using var replaying = DatabricksReplay.CreateClient(cassette);
        var replayed = await new TripReport(replaying).BusiestCitiesAsync(3, Ct);

        Assert.Equal(recorded, replayed);
        Assert.DoesNotContain(DatabricksEmulatorOptions.DefaultToken, await File.ReadAllTextAsync(cassette, Ct), StringComparison.Ordinal);
    }
}

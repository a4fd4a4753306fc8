using DeltaFunctions.Databricks;
using DeltaFunctions.Databricks.Testing;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Databricks client against the test kit's emulator or a recorded cassette.</summary>
public static class DatabricksTestingServiceCollectionExtensions
{
    /// <summary>
    /// <c>AddDatabricks</c> pointing at <paramref name="emulator"/> with test settings; the process environment
    /// (<c>DATABRICKS_*</c>) is ignored so a developer's own workspace settings cannot leak into a test.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="emulator">The emulator.</param>
    /// <param name="configure">Option changes (e.g. <see cref="DatabricksClientOptions.RecordPath"/>), or null.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDatabricksEmulator(
        this IServiceCollection services, DatabricksEmulator emulator, Action<DatabricksClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(emulator);
        return services.AddDatabricks(new ConfigurationBuilder().Build(), o =>
        {
            TestClientDefaults.Apply(o);
            o.Host = emulator.BaseAddress.ToString();
            o.Token = emulator.Token;
            o.WarehouseId = emulator.WarehouseId;
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// <c>AddDatabricks</c> answering from the cassette <paramref name="cassettePath"/>: nothing is sent and no
    /// credential is needed; a request the cassette lacks fails with <c>CassetteMismatchException</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="cassettePath">The cassette file.</param>
    /// <param name="configure">Option changes, or null.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddDatabricksReplay(
        this IServiceCollection services, string cassettePath, Action<DatabricksClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(cassettePath);
        return services.AddDatabricks(new ConfigurationBuilder().Build(), o =>
        {
            TestClientDefaults.Apply(o);
            configure?.Invoke(o);
            o.RecordPath = null;
            o.ReplayPath = cassettePath;
        });
    }
}

using DeltaFunctions.Databricks.Testing.Seeding;
using DeltaFunctions.Emulator;

namespace DeltaFunctions.Databricks.Testing;

/// <summary>Settings of a <see cref="DatabricksEmulator"/>; every default suits a unit test.</summary>
public sealed record DatabricksEmulatorOptions
{
    /// <summary>The personal access token the emulator accepts unless <see cref="Token"/> says otherwise.</summary>
    public const string DefaultToken = "dapi-emulator-test-token";

    /// <summary>The OAuth M2M client id the emulator accepts unless <see cref="ClientId"/> says otherwise.</summary>
    public const string DefaultClientId = "emulator-test-client";

    /// <summary>The OAuth M2M client secret that goes with <see cref="DefaultClientId"/>.</summary>
    public const string DefaultClientSecret = "emulator-test-secret";

    /// <summary>Gets the tables created before <see cref="DatabricksEmulator.StartAsync"/> returns.</summary>
    /// <value>None: the catalog holds <c>main.default</c> only.</value>
    public IReadOnlyList<EmulatorTable> Tables { get; init; } = [];

    /// <summary>Gets the personal access token the emulator accepts and its clients send.</summary>
    /// <value><see cref="DefaultToken"/>.</value>
    public string Token { get; init; } = DefaultToken;

    /// <summary>Gets the OAuth M2M client id the emulator's token endpoint accepts.</summary>
    /// <value><see cref="DefaultClientId"/>.</value>
    public string ClientId { get; init; } = DefaultClientId;

    /// <summary>Gets the OAuth M2M client secret that goes with <see cref="ClientId"/>.</summary>
    /// <value><see cref="DefaultClientSecret"/>.</value>
    public string ClientSecret { get; init; } = DefaultClientSecret;

    /// <summary>Gets the folder for the emulator's data; it is deleted on dispose only when the kit created it.</summary>
    /// <value>Null: a fresh temporary folder.</value>
    public string? DataDirectory { get; init; }

    /// <summary>Gets how long a simulated job task (any task that is not a SQL notebook) runs.</summary>
    /// <value>50 ms.</value>
    public TimeSpan SimulatedTaskDuration { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets the emulator's clock (token and link expiry, run durations); null: the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Gets further changes to the emulator's own settings (result chunk size, pending durations, …), or null.</summary>
    public Func<EmulatorOptions, EmulatorOptions>? ConfigureEmulator { get; init; }
}

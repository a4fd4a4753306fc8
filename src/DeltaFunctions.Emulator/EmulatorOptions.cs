namespace DeltaFunctions.Emulator;

/// <summary>Settings of an <see cref="EmulatorHost"/>.</summary>
public sealed record EmulatorOptions
{
    /// <summary>Gets the address Kestrel listens on; port 0 picks a free port.</summary>
    /// <value><c>http://127.0.0.1:8080</c>.</value>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Gets the default <see cref="DataDirectory"/>: <c>DeltaFunctions/emulator</c> under the user's local application
    /// data folder (<c>%LOCALAPPDATA%</c> on Windows, <c>~/.local/share</c> on Linux, <c>~/Library/Application Support</c>
    /// on macOS), so it does not depend on the folder the emulator is started from.
    /// </summary>
    public static string DefaultDataDirectory { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } local
            ? local
            : Path.GetTempPath(),
        "DeltaFunctions",
        "emulator");

    /// <summary>Gets the folder that holds the lakehouse (catalogs, tables, volumes), the workspace files and job runs.</summary>
    /// <value><see cref="DefaultDataDirectory"/>.</value>
    public string DataDirectory { get; init; } = DefaultDataDirectory;

    /// <summary>Gets the personal access tokens the emulator accepts; one development token is generated when empty.</summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>Gets the OAuth M2M client id accepted by <c>POST /oidc/v1/token</c>; OAuth is off when null.</summary>
    public string? ClientId { get; init; }

    /// <summary>Gets the OAuth M2M client secret that goes with <see cref="ClientId"/>.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Gets how long an OAuth access token stays valid.</summary>
    /// <value>One hour, as Databricks issues them.</value>
    public TimeSpan OAuthTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets a value indicating whether a small demo lakehouse and notebook are created at start.</summary>
    public bool SeedDemo { get; init; }

    /// <summary>Gets the id of the default SQL warehouse.</summary>
    /// <value><c>emulator0000001</c>.</value>
    public string WarehouseId { get; init; } = "emulator0000001";

    /// <summary>Gets which result shapes the default warehouse (<see cref="WarehouseId"/>) accepts.</summary>
    /// <value><see cref="EmulatorWarehouseProfile.Classic"/>.</value>
    public EmulatorWarehouseProfile WarehouseProfile { get; init; } = EmulatorWarehouseProfile.Classic;

    /// <summary>
    /// Gets a value indicating whether the default warehouse accepts the <c>INLINE_OR_EXTERNAL_LINKS</c> disposition
    /// (see <see cref="EmulatorWarehouse.OffersInlineOrExternalLinks"/>).
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool WarehouseOffersInlineOrExternalLinks { get; init; }

    /// <summary>Gets more SQL warehouses beside the default one, each with its own profile; ids must be unique.</summary>
    /// <value>None.</value>
    public IReadOnlyList<EmulatorWarehouse> Warehouses { get; init; } = [];

    /// <summary>Gets how long a stopped warehouse reports STARTING after a start request.</summary>
    /// <value>Zero: it is RUNNING at once.</value>
    public TimeSpan WarehouseStartDuration { get; init; } = TimeSpan.Zero;

    /// <summary>Gets the number of rows per result chunk of the Statement Execution API.</summary>
    /// <value>10,000 rows.</value>
    public int ResultChunkRows { get; init; } = 10_000;

    /// <summary>Gets the largest INLINE result, measured as serialized JSON.</summary>
    /// <value>25 MiB, as Databricks enforces it.</value>
    public long InlineResultByteLimit { get; init; } = 25L * 1024 * 1024;

    /// <summary>Gets how long an external result link stays valid.</summary>
    /// <value>15 minutes, the most Databricks grants a presigned URL.</value>
    public TimeSpan ExternalLinkLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets how long a result stays available after the statement succeeded.</summary>
    /// <value>One hour.</value>
    public TimeSpan ResultRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets how long an unfinished statement may go without a poll (<c>GET /api/2.0/sql/statements/{id}</c>) before it
    /// is cancelled. Tests scale it down.
    /// </summary>
    /// <value>15 minutes: "to guarantee that the statement is kept alive, you must poll at least once every 15 minutes".</value>
    public TimeSpan StatementPollTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets how long a finished statement can still be read; after it, every call about it answers 404.</summary>
    /// <value>12 hours, as Databricks removes statements "after at least 12 hours in terminal state".</value>
    public TimeSpan StatementRetention { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Gets how long a statement waits in PENDING (for the warehouse) before it runs.</summary>
    /// <value>Zero.</value>
    public TimeSpan StatementQueueDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Gets how many statements one warehouse runs at once. Later statements wait in PENDING for a free slot (a cancel
    /// ends them there), so a burst of heavy statements neither runs them all at once nor starves the emulator's own
    /// request handling.
    /// </summary>
    /// <value>10: pro and classic SQL warehouses run at most 10 concurrent queries per cluster, and the emulator is one cluster.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxRunningStatements
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRunningStatements), value, "MaxRunningStatements must be at least 1.");
    } = 10;

    /// <summary>Gets how long a job run stays PENDING before its tasks start.</summary>
    /// <value>Zero.</value>
    public TimeSpan RunPendingDuration { get; init; } = TimeSpan.Zero;

    /// <summary>Gets how long a simulated task (any task that is not a SQL notebook) runs.</summary>
    /// <value>One second.</value>
    public TimeSpan SimulatedTaskDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets a value indicating whether simulated tasks succeed (<see langword="true"/>) or fail.</summary>
    /// <value><see langword="true"/>.</value>
    public bool SimulatedTaskSucceeds { get; init; } = true;

    /// <summary>Gets the page size of list calls when the caller leaves it to the server.</summary>
    /// <value>100.</value>
    public int ServerPageSize { get; init; } = 100;

    /// <summary>Gets the clock for token expiry, link expiry and run durations; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// Gets a value indicating whether the <c>/emulator/faults</c> test-control API answers without a token. Every other
    /// route except OAuth discovery, the token endpoint and presigned result links always needs one.
    /// </summary>
    /// <value><see langword="false"/>: the fault API needs an accepted token like the Databricks APIs.</value>
    public bool AllowAnonymousFaultApi { get; init; }

    /// <summary>Gets a value indicating whether request logs are written to the console.</summary>
    public bool ConsoleLogging { get; init; }
}

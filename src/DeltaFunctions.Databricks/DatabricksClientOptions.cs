using System.ComponentModel.DataAnnotations;
using Azure.Core;
using DeltaFunctions.Databricks.Configuration;

namespace DeltaFunctions.Databricks;

/// <summary>
/// Everything optional about a <see cref="DatabricksClient"/>: which credential to build, timeouts, the rate limit,
/// retries and the circuit breaker. Bound from the configuration section <c>Databricks</c> and from the
/// environment variables of the official SDKs (see <c>README.md</c> for the table); the section wins over the
/// environment. Validated at start-up: every error names the key to set.
/// </summary>
public sealed class DatabricksClientOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Databricks";

    /// <summary>
    /// The workspace URL, e.g. <c>https://adb-123.4.azuredatabricks.net</c> (a bare host gets <c>https://</c>).
    /// Key <c>Databricks:Host</c> or <c>DATABRICKS_HOST</c>. Required when the client is built from configuration.
    /// </summary>
    /// <value>No default.</value>
    public string? Host { get; set; }

    /// <summary>
    /// Forces one authentication method instead of the detection chain: <c>pat</c>, <c>oauth-m2m</c>,
    /// <c>azure-client-secret</c>, <c>azure-msi</c>. Key <c>Databricks:AuthType</c> or <c>DATABRICKS_AUTH_TYPE</c>.
    /// </summary>
    /// <value>Null: detect in the official SDKs' order (pat, oauth-m2m, azure-msi, azure-client-secret).</value>
    public string? AuthType { get; set; }

    /// <summary>A personal access token (<c>dapi…</c>). Key <c>Databricks:Token</c> or <c>DATABRICKS_TOKEN</c>.</summary>
    /// <value>No default.</value>
    public string? Token { get; set; }

    /// <summary>The OAuth M2M client id of a Databricks service principal. Key <c>DATABRICKS_CLIENT_ID</c>.</summary>
    /// <value>No default.</value>
    public string? ClientId { get; set; }

    /// <summary>The OAuth M2M client secret. Key <c>Databricks:ClientSecret</c> or <c>DATABRICKS_CLIENT_SECRET</c>.</summary>
    /// <value>No default.</value>
    public string? ClientSecret { get; set; }

    /// <summary>The Entra ID tenant. Key <c>Databricks:AzureTenantId</c>, <c>AZURE_TENANT_ID</c> or <c>ARM_TENANT_ID</c>.</summary>
    /// <value>No default.</value>
    public string? AzureTenantId { get; set; }

    /// <summary>
    /// The Entra ID application (client) id of a service principal, or of a user-assigned managed identity.
    /// Key <c>Databricks:AzureClientId</c>, <c>AZURE_CLIENT_ID</c> or <c>ARM_CLIENT_ID</c>.
    /// </summary>
    /// <value>No default.</value>
    public string? AzureClientId { get; set; }

    /// <summary>The Entra ID client secret. Key <c>Databricks:AzureClientSecret</c>, <c>AZURE_CLIENT_SECRET</c> or <c>ARM_CLIENT_SECRET</c>.</summary>
    /// <value>No default.</value>
    public string? AzureClientSecret { get; set; }

    /// <summary>Use the Azure managed identity. Key <c>Databricks:AzureUseMsi</c> or <c>ARM_USE_MSI</c>.</summary>
    /// <value>False.</value>
    public bool AzureUseMsi { get; set; }

    /// <summary>
    /// The ARM resource id of the workspace; when set, Entra ID calls also send the SP management token and
    /// the workspace resource id headers. Key <c>Databricks:AzureResourceId</c> or <c>DATABRICKS_AZURE_RESOURCE_ID</c>.
    /// </summary>
    /// <value>No default.</value>
    public string? AzureResourceId { get; set; }

    /// <summary>
    /// The Entra ID authority host (e.g. <c>https://login.microsoftonline.com</c>). Key <c>Databricks:AzureAuthorityHost</c>
    /// or <c>AZURE_AUTHORITY_HOST</c>.
    /// </summary>
    /// <value>Null: derived from the workspace host (public, US Government or China cloud).</value>
    public Uri? AzureAuthorityHost { get; set; }

    /// <summary>
    /// A caller-supplied credential (any Azure.Identity <see cref="TokenCredential"/>); when set it wins over
    /// every configured method. Code only, never bound from configuration.
    /// </summary>
    /// <value>Null.</value>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>The SQL warehouse statements run on. Key <c>Databricks:WarehouseId</c> or <c>DATABRICKS_WAREHOUSE_ID</c>.</summary>
    /// <value>No default.</value>
    public string? WarehouseId { get; set; }

    /// <summary>
    /// The default Unity Catalog catalog. Key <c>Databricks:Catalog</c> or <c>DATABRICKS_CATALOG</c>. When set, every
    /// statement carries it as its session catalog; when not, statements run in the workspace's own default catalog
    /// (which need not be <c>main</c>) and <see cref="DatabricksClient.GetDeltaClient(Delta.DeltaClientOptions)"/>
    /// names tables in <c>main</c>.
    /// </summary>
    /// <value>Null: nothing is sent.</value>
    [NotBlank(ErrorMessage = "Databricks:Catalog (DATABRICKS_CATALOG) must not be empty.")]
    public string? Catalog { get; set; }

    /// <summary>
    /// The default schema. Key <c>Databricks:Schema</c> or <c>DATABRICKS_SCHEMA</c>. When set, every statement carries
    /// it as its session schema; when not, statements use the workspace's default and
    /// <see cref="DatabricksClient.GetDeltaClient(Delta.DeltaClientOptions)"/> names tables in <c>default</c>.
    /// </summary>
    /// <value>Null: nothing is sent.</value>
    [NotBlank(ErrorMessage = "Databricks:Schema (DATABRICKS_SCHEMA) must not be empty.")]
    public string? Schema { get; set; }

    /// <summary>
    /// Query tags every statement carries (request field <c>query_tags</c>), for example <c>team</c> or
    /// <c>pipeline</c>, so operators can find this application's queries in query history. Keys
    /// <c>Databricks:QueryTags:&lt;key&gt;</c>; an empty value makes a key-only tag. At most 20, keys not blank.
    /// <see cref="Sql.SqlQueryTagScope"/> and <see cref="Sql.SqlExecuteOptions.QueryTags"/> add to and override them.
    /// Stored by Databricks as plain text: never put secrets in them.
    /// </summary>
    /// <value>None.</value>
    public Dictionary<string, string?> QueryTags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Records every exchange with the workspace to this cassette file (readable JSON, secrets redacted), overwriting
    /// it; replay it later with <see cref="ReplayPath"/>. Key <c>Databricks:RecordPath</c> or <c>DATABRICKS_RECORD</c>.
    /// </summary>
    /// <value>Null: nothing is recorded.</value>
    public string? RecordPath { get; set; }

    /// <summary>
    /// Answers every request from this cassette file instead of the workspace: nothing is sent, no credential is
    /// needed (none is asked for), and the host and <see cref="WarehouseId"/> default to the recorded ones. A request the cassette does not hold
    /// fails with <see cref="Simulation.CassetteMismatchException"/>. Key <c>Databricks:ReplayPath</c> or
    /// <c>DATABRICKS_REPLAY</c>; excludes <see cref="RecordPath"/>.
    /// </summary>
    /// <value>Null: requests go to the workspace.</value>
    public string? ReplayPath { get; set; }

    /// <summary>
    /// The timeout of one HTTP attempt, in seconds (1–3600). Key <c>Databricks:TimeoutSeconds</c> or
    /// <c>DATABRICKS_TIMEOUT_SECS</c>.
    /// </summary>
    /// <value>30.</value>
    [Range(1, 3600, ErrorMessage = "Databricks:TimeoutSeconds (DATABRICKS_TIMEOUT_SECS) must be between {1} and {2}.")]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The overall budget of one call including every retry and wait, in seconds (1–86400). Key
    /// <c>Databricks:TotalTimeoutSeconds</c>. A retry whose wait would end after the budget is not started: the call
    /// fails with the last error instead.
    /// </summary>
    /// <value>300, the official SDKs' <c>retry_timeout_seconds</c>.</value>
    [Range(1, 86400, ErrorMessage = "Databricks:TotalTimeoutSeconds must be between {1} and {2}.")]
    public int TotalTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// The client-side limit in requests per second (token bucket, 1–100000). Key <c>Databricks:RateLimit</c> or
    /// <c>DATABRICKS_RATE_LIMIT</c>.
    /// </summary>
    /// <value>100.</value>
    [Range(1, 100_000, ErrorMessage = "Databricks:RateLimit (DATABRICKS_RATE_LIMIT) must be between {1} and {2}.")]
    public int RateLimit { get; set; } = 100;

    /// <summary>
    /// How many requests may wait for the rate limiter before new ones are refused (0–1000000). Key
    /// <c>Databricks:RateLimitQueueLimit</c>.
    /// </summary>
    /// <value>10000.</value>
    [Range(0, 1_000_000, ErrorMessage = "Databricks:RateLimitQueueLimit must be between {1} and {2}.")]
    public int RateLimitQueueLimit { get; set; } = 10_000;

    /// <summary>Retries after the first attempt (0–20). Key <c>Databricks:MaxRetries</c> or <c>DATABRICKS_MAX_RETRIES</c>.</summary>
    /// <value>3.</value>
    [Range(0, 20, ErrorMessage = "Databricks:MaxRetries (DATABRICKS_MAX_RETRIES) must be between {1} and {2}.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The first backoff delay, doubled on each retry and raised by 5–25 % jitter (0–60 s); used when the server sent
    /// no <c>Retry-After</c>. Key <c>Databricks:RetryBaseDelay</c>.
    /// </summary>
    /// <value>1 second.</value>
    [TimeSpanRange("00:00:00", "00:01:00", ErrorMessage = "Databricks:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest backoff delay before jitter (0–10 min). Key <c>Databricks:RetryMaxDelay</c>.</summary>
    /// <value>30 seconds.</value>
    [TimeSpanRange("00:00:00", "00:10:00", ErrorMessage = "Databricks:RetryMaxDelay must be between {1} and {2}.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cap on a server's Retry-After (1 s–1 h): a Retry-After is obeyed as the delay, raised to at least 1 s and
    /// cut to at most this. Key <c>Databricks:RetryAfterMax</c>.
    /// </summary>
    /// <value>60 seconds.</value>
    [TimeSpanRange("00:00:01", "01:00:00", ErrorMessage = "Databricks:RetryAfterMax must be between {1} and {2}.")]
    public TimeSpan RetryAfterMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The failure ratio in the sampling window that opens the circuit (0.01–1). Key
    /// <c>Databricks:CircuitBreakerFailureRatio</c>.
    /// </summary>
    /// <value>0.5.</value>
    [Range(0.01, 1.0, ErrorMessage = "Databricks:CircuitBreakerFailureRatio must be between {1} and {2}.")]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>
    /// The least number of calls in the window before the circuit may open (2–10000). Key
    /// <c>Databricks:CircuitBreakerMinimumThroughput</c>.
    /// </summary>
    /// <value>20.</value>
    [Range(2, 10_000, ErrorMessage = "Databricks:CircuitBreakerMinimumThroughput must be between {1} and {2}.")]
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The sampling window of the circuit breaker (0.5 s–1 h). Key <c>Databricks:CircuitBreakerSamplingDuration</c>.</summary>
    /// <value>30 seconds.</value>
    [TimeSpanRange("00:00:00.500", "01:00:00", ErrorMessage = "Databricks:CircuitBreakerSamplingDuration must be between {1} and {2}.")]
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one trial call (0.5 s–1 h). Key <c>Databricks:CircuitBreakerBreakDuration</c>.</summary>
    /// <value>15 seconds.</value>
    [TimeSpanRange("00:00:00.500", "01:00:00", ErrorMessage = "Databricks:CircuitBreakerBreakDuration must be between {1} and {2}.")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Dry run: every mutating call (jobs submit, run-now, cancel, create, reset, delete; SQL the client generates that
    /// writes, merges, deletes, updates, optimizes, vacuums, restores or alters a table; Files upload, delete and
    /// directory changes; workspace import; staging uploads) sends nothing and reports what it would have sent
    /// (<see cref="Simulation.DryRunRequest"/>). Reads still run. Arbitrary SQL text is not run either: the client
    /// cannot know it only reads. Per call, the <c>DryRun</c> members of <see cref="Sql.SqlExecuteOptions"/>,
    /// <see cref="Delta.WriteTableOptions"/>, <see cref="Delta.DeltaClientOptions"/> and
    /// <see cref="Delta.MergeBuilder.WithDryRun"/> override it both ways. Key <c>Databricks:DryRun</c> or
    /// <c>DATABRICKS_DRY_RUN</c>. See <c>README.md</c>, "Dry run".
    /// </summary>
    /// <value>False.</value>
    public bool DryRun { get; set; }

    /// <summary>Values from the environment that did not parse, reported by validation with their key.</summary>
    internal List<string> BindingErrors { get; } = [];

    /// <summary>The per-attempt timeout as a <see cref="TimeSpan"/>.</summary>
    internal TimeSpan AttemptTimeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The overall timeout as a <see cref="TimeSpan"/>.</summary>
    internal TimeSpan TotalTimeout => TimeSpan.FromSeconds(TotalTimeoutSeconds);

    /// <summary>Returns a summary that never contains a token or secret.</summary>
    /// <returns>The host and which secrets are set.</returns>
    public override string ToString() =>
        $"DatabricksClientOptions {{ Host = {Host}, AuthType = {AuthType ?? "auto"}, Token = {Redact(Token)}, " +
        $"ClientId = {ClientId}, ClientSecret = {Redact(ClientSecret)}, AzureClientId = {AzureClientId}, " +
        $"AzureClientSecret = {Redact(AzureClientSecret)} }}";

    private static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "(unset)" : "***";
}

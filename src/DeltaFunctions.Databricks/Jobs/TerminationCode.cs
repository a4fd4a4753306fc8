using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Why a run ended (<c>status.termination_details.code</c>). An open, string-backed value: values Databricks adds later
/// deserialize and serialize back unchanged instead of failing.
/// </summary>
[JsonConverter(typeof(ExtensibleEnumJsonConverter<TerminationCode>))]
public readonly record struct TerminationCode : IExtensibleEnum<TerminationCode>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire string.</summary>
    /// <param name="value">The wire value, for example <c>SUCCESS</c>.</param>
    /// <exception cref="ArgumentException">The value is null or empty.</exception>
    public TerminationCode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>Gets <c>SUCCESS</c>.</summary>
    public static TerminationCode Success { get; } = new("SUCCESS");

    /// <summary>Gets <c>SUCCESS_WITH_FAILURES</c>.</summary>
    public static TerminationCode SuccessWithFailures { get; } = new("SUCCESS_WITH_FAILURES");

    /// <summary>Gets <c>USER_CANCELED</c>.</summary>
    public static TerminationCode UserCanceled { get; } = new("USER_CANCELED");

    /// <summary>Gets <c>CANCELED</c>.</summary>
    public static TerminationCode Canceled { get; } = new("CANCELED");

    /// <summary>Gets <c>SKIPPED</c>.</summary>
    public static TerminationCode Skipped { get; } = new("SKIPPED");

    /// <summary>Gets <c>DISABLED</c>.</summary>
    public static TerminationCode Disabled { get; } = new("DISABLED");

    /// <summary>Gets <c>INTERNAL_ERROR</c>.</summary>
    public static TerminationCode InternalError { get; } = new("INTERNAL_ERROR");

    /// <summary>Gets <c>DRIVER_ERROR</c>.</summary>
    public static TerminationCode DriverError { get; } = new("DRIVER_ERROR");

    /// <summary>Gets <c>CLUSTER_ERROR</c>.</summary>
    public static TerminationCode ClusterError { get; } = new("CLUSTER_ERROR");

    /// <summary>Gets <c>REPOSITORY_CHECKOUT_FAILED</c>.</summary>
    public static TerminationCode RepositoryCheckoutFailed { get; } = new("REPOSITORY_CHECKOUT_FAILED");

    /// <summary>Gets <c>INVALID_CLUSTER_REQUEST</c>.</summary>
    public static TerminationCode InvalidClusterRequest { get; } = new("INVALID_CLUSTER_REQUEST");

    /// <summary>Gets <c>WORKSPACE_RUN_LIMIT_EXCEEDED</c>.</summary>
    public static TerminationCode WorkspaceRunLimitExceeded { get; } = new("WORKSPACE_RUN_LIMIT_EXCEEDED");

    /// <summary>Gets <c>FEATURE_DISABLED</c>.</summary>
    public static TerminationCode FeatureDisabled { get; } = new("FEATURE_DISABLED");

    /// <summary>Gets <c>CLUSTER_REQUEST_LIMIT_EXCEEDED</c>.</summary>
    public static TerminationCode ClusterRequestLimitExceeded { get; } = new("CLUSTER_REQUEST_LIMIT_EXCEEDED");

    /// <summary>Gets <c>STORAGE_ACCESS_ERROR</c>.</summary>
    public static TerminationCode StorageAccessError { get; } = new("STORAGE_ACCESS_ERROR");

    /// <summary>Gets <c>RUN_EXECUTION_ERROR</c>.</summary>
    public static TerminationCode RunExecutionError { get; } = new("RUN_EXECUTION_ERROR");

    /// <summary>Gets <c>UNAUTHORIZED_ERROR</c>.</summary>
    public static TerminationCode UnauthorizedError { get; } = new("UNAUTHORIZED_ERROR");

    /// <summary>Gets <c>LIBRARY_INSTALLATION_ERROR</c>.</summary>
    public static TerminationCode LibraryInstallationError { get; } = new("LIBRARY_INSTALLATION_ERROR");

    /// <summary>Gets <c>MAX_CONCURRENT_RUNS_EXCEEDED</c>.</summary>
    public static TerminationCode MaxConcurrentRunsExceeded { get; } = new("MAX_CONCURRENT_RUNS_EXCEEDED");

    /// <summary>Gets <c>MAX_SPARK_CONTEXTS_EXCEEDED</c>.</summary>
    public static TerminationCode MaxSparkContextsExceeded { get; } = new("MAX_SPARK_CONTEXTS_EXCEEDED");

    /// <summary>Gets <c>RESOURCE_NOT_FOUND</c>.</summary>
    public static TerminationCode ResourceNotFound { get; } = new("RESOURCE_NOT_FOUND");

    /// <summary>Gets <c>INVALID_RUN_CONFIGURATION</c>.</summary>
    public static TerminationCode InvalidRunConfiguration { get; } = new("INVALID_RUN_CONFIGURATION");

    /// <summary>Gets <c>CLOUD_FAILURE</c>.</summary>
    public static TerminationCode CloudFailure { get; } = new("CLOUD_FAILURE");

    /// <summary>Gets <c>MAX_JOB_QUEUE_SIZE_EXCEEDED</c>.</summary>
    public static TerminationCode MaxJobQueueSizeExceeded { get; } = new("MAX_JOB_QUEUE_SIZE_EXCEEDED");

    /// <summary>Gets <c>BUDGET_POLICY_LIMIT_EXCEEDED</c>.</summary>
    public static TerminationCode BudgetPolicyLimitExceeded { get; } = new("BUDGET_POLICY_LIMIT_EXCEEDED");

    /// <summary>Gets <c>BREAKING_CHANGE</c>.</summary>
    public static TerminationCode BreakingChange { get; } = new("BREAKING_CHANGE");

    /// <summary>Gets <c>CLUSTER_TERMINATED_BY_USER</c>.</summary>
    public static TerminationCode ClusterTerminatedByUser { get; } = new("CLUSTER_TERMINATED_BY_USER");

    /// <summary>Gets the wire value (empty for the default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;

    static TerminationCode IExtensibleEnum<TerminationCode>.Create(string value) => new(value);
}

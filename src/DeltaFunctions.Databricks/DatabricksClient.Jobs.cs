using DeltaFunctions.Databricks.Jobs;
using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks;

/// <summary>The Jobs sub-client.</summary>
public partial class DatabricksClient
{
    private JobsClient? _jobsClient;

    /// <summary>Returns the client for the Jobs API (runs, waiting, jobs). The same instance on every call.</summary>
    /// <returns>The Jobs client.</returns>
    public virtual JobsClient GetJobsClient() =>
        LazyInitializer.EnsureInitialized(
            ref _jobsClient,
            () => new JobsClient(Api, TimeProvider, LoggerFactory.CreateLogger<JobsClient>(), new JobsTelemetry(Meter)));
}

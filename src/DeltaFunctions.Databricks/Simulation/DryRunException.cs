namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// Thrown under dry run by a mutating call whose result cannot honestly exist without sending it: an id the service
/// assigns (<see cref="Jobs.JobsClient.SubmitRunAsync"/>, <see cref="Jobs.JobsClient.CreateJobAsync"/>, …), a handle to
/// a server-side operation (<c>Start…Async</c>), a row count (<see cref="Delta.DeltaClient.DeleteAsync"/>,
/// <see cref="Delta.DeltaClient.UpdateAsync"/>) or rows of SQL the client cannot classify
/// (<see cref="Sql.SqlClient.QueryAsync"/>). Nothing was sent; <see cref="DryRunRequests"/> holds what would have been. Its
/// <see cref="DatabricksException.ErrorCode"/> is <see cref="DatabricksErrorCode.ClientDryRun"/> and it is never transient.
/// </summary>
public sealed class DryRunException : DatabricksException
{
    /// <summary>Creates the exception with a default message and nothing recorded.</summary>
    public DryRunException()
        : this("The call was not sent: dry run is on.")
    {
    }

    /// <summary>Creates the exception with a message and nothing recorded.</summary>
    /// <param name="message">The message.</param>
    public DryRunException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a message, a cause and nothing recorded.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DryRunException(string message, Exception? innerException)
        : base(message, DatabricksErrorCode.ClientDryRun, innerException: innerException)
    {
        Operation = string.Empty;
        DryRunRequests = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The public method, e.g. <c>JobsClient.SubmitRunAsync</c>.</param>
    /// <param name="dryRun">What would have been sent, in order.</param>
    public DryRunException(string operation, IReadOnlyList<DryRunRequest> dryRun)
        : base(
            $"{operation} was not sent: dry run is on (Databricks:DryRun, DATABRICKS_DRY_RUN or the call's DryRun option) and its result "
            + "(an id, a handle, a row count or rows) cannot exist without sending it. DryRunException.DryRunRequests holds what would have been sent.",
            DatabricksErrorCode.ClientDryRun)
    {
        ArgumentNullException.ThrowIfNull(dryRun);
        Operation = operation;
        DryRunRequests = dryRun;
    }

    /// <summary>Gets the public method that was not run.</summary>
    public string Operation { get; }

    /// <summary>Gets the requests that would have been sent, in order.</summary>
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; }
}

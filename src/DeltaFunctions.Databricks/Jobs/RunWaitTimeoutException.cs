namespace DeltaFunctions.Databricks.Jobs;

/// <summary>
/// Thrown by <see cref="JobsClient.WaitForCompletionAsync"/> when <see cref="WaitOptions.Timeout"/> passes before
/// the run ends. The run keeps going unless <see cref="RunCancelRequested"/> is true.
/// </summary>
public sealed class RunWaitTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public RunWaitTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RunWaitTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RunWaitTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a run.</summary>
    /// <param name="lastRun">The run as last polled.</param>
    /// <param name="timeout">The timeout that passed.</param>
    /// <param name="runCancelRequested">Whether runs/cancel was sent.</param>
    public RunWaitTimeoutException(Run lastRun, TimeSpan timeout, bool runCancelRequested)
        : base($"Run {lastRun?.RunId} did not finish within {timeout}; {(runCancelRequested ? "cancellation was requested" : "it keeps running")}.")
    {
        LastRun = lastRun;
        Timeout = timeout;
        RunCancelRequested = runCancelRequested;
    }

    /// <summary>Gets the run as last polled.</summary>
    public Run? LastRun { get; }

    /// <summary>Gets the timeout that passed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets whether runs/cancel was sent for the run.</summary>
    public bool RunCancelRequested { get; }
}

namespace DeltaFunctions.Pipelines.Orchestration;

/// <summary>
/// An activity failed on its last attempt. The orchestration runtime reports activity failures as data (the
/// exception's type name and message), never as the original exception, and so does this type; the App maps
/// Durable's <c>TaskFailedException</c> to it.
/// </summary>
public sealed class ActivityFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="activityName">The activity that failed.</param>
    /// <param name="errorType">The full type name of the exception the activity threw.</param>
    /// <param name="errorMessage">The activity's error message.</param>
    public ActivityFailedException(string activityName, string errorType, string errorMessage)
        : base($"Activity '{activityName}' failed: {errorType}: {errorMessage}")
    {
        ActivityName = activityName;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
    }

    /// <summary>Creates the exception.</summary>
    public ActivityFailedException()
        : this(string.Empty, string.Empty, string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ActivityFailedException(string message)
        : this(string.Empty, string.Empty, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ActivityFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ActivityName = string.Empty;
        ErrorType = innerException?.GetType().FullName ?? string.Empty;
        ErrorMessage = message;
    }

    /// <summary>The activity that failed.</summary>
    public string ActivityName { get; }

    /// <summary>The full type name of the exception the activity threw.</summary>
    public string ErrorType { get; }

    /// <summary>The activity's error message.</summary>
    public string ErrorMessage { get; }
}

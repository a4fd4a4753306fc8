namespace DeltaFunctions.Databricks.Testing.Faults;

/// <summary>
/// A fault the emulator applies to the next matching requests, built with the factory methods and narrowed with
/// <c>with</c> (or <see cref="For"/> and <see cref="Times"/>):
/// <code>await emulator.Faults.ArmAsync(EmulatorFault.TooManyRequests(retryAfter: TimeSpan.FromSeconds(1)).For("/api/2.0/sql/statements").Times(2));</code>
/// </summary>
public sealed record EmulatorFault
{
    private EmulatorFault()
    {
    }

    /// <summary>Gets the HTTP method it applies to; null: any.</summary>
    public string? Method { get; init; }

    /// <summary>Gets the path prefix it applies to, e.g. <c>/api/2.2/jobs/runs/submit</c>.</summary>
    /// <value><c>/api/</c>: every Databricks API.</value>
    public string PathPrefix { get; init; } = "/api/";

    /// <summary>Gets the error status to answer with, or null (reset or latency only).</summary>
    public int? Status { get; init; }

    /// <summary>Gets the Databricks <c>error_code</c> of the answer; null: the usual one for <see cref="Status"/>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the error message; null: the usual one for <see cref="Status"/>.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the <c>Retry-After</c> the answer carries (whole seconds), or null.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the delay before the request is answered (or let through), or null.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Gets a value indicating whether the connection is reset instead of answered.</summary>
    public bool ResetConnection { get; init; }

    /// <summary>Gets how many matching requests it affects.</summary>
    /// <value>1.</value>
    public int Count { get; init; } = 1;

    /// <summary>HTTP 429 <c>REQUEST_LIMIT_EXCEEDED</c>, as Databricks throttles.</summary>
    /// <param name="retryAfter">The <c>Retry-After</c> to send, or null for none.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault TooManyRequests(TimeSpan? retryAfter = null) => new() { Status = 429, RetryAfter = retryAfter };

    /// <summary>HTTP 503 <c>TEMPORARILY_UNAVAILABLE</c>.</summary>
    /// <param name="retryAfter">The <c>Retry-After</c> to send, or null for none.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault ServiceUnavailable(TimeSpan? retryAfter = null) => new() { Status = 503, RetryAfter = retryAfter };

    /// <summary>Any HTTP error status (400–599) with an optional Databricks error code and message.</summary>
    /// <param name="status">The status.</param>
    /// <param name="errorCode">The <c>error_code</c>, or null for the usual one.</param>
    /// <param name="message">The message, or null for the usual one.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not an error status.</exception>
    public static EmulatorFault Error(int status, string? errorCode = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return new() { Status = status, ErrorCode = errorCode, Message = message };
    }

    /// <summary>The connection is reset before any answer: the client sees a transport error.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault ConnectionReset() => new() { ResetConnection = true };

    /// <summary>The request waits <paramref name="delay"/> (wall clock), then is served normally.</summary>
    /// <param name="delay">The delay (positive).</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Latency(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        return new() { Delay = delay };
    }

    /// <summary>Narrows the fault to requests whose path starts with <paramref name="pathPrefix"/> (and method, when given).</summary>
    /// <param name="pathPrefix">The path prefix, starting with <c>/</c>.</param>
    /// <param name="method">The method, e.g. <c>POST</c>, or null for any.</param>
    /// <returns>A copy.</returns>
    public EmulatorFault For(string pathPrefix, string? method = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathPrefix);
        if (!pathPrefix.StartsWith('/'))
        {
            throw new ArgumentException($"The path prefix '{pathPrefix}' must start with '/'.", nameof(pathPrefix));
        }

        return this with { PathPrefix = pathPrefix, Method = method };
    }

    /// <summary>Applies the fault to the next <paramref name="count"/> matching requests.</summary>
    /// <param name="count">How many (positive).</param>
    /// <returns>A copy.</returns>
    public EmulatorFault Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return this with { Count = count };
    }
}

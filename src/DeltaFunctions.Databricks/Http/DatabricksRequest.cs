namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// What the resilience pipeline needs to know about the call it runs: whether the request may be sent again, when the
/// call started (the retry budget) and, for logs, its method and path. Put on the Polly context once per call
/// (<see cref="DatabricksResiliencePipeline.RequestKey"/>); <see cref="Operation"/> is only built when a log needs it.
/// </summary>
/// <param name="method">The HTTP method.</param>
/// <param name="path">The REST path.</param>
/// <param name="safety">Whether the request may be sent again after a failure.</param>
/// <param name="started">When the call started (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal class DatabricksRequest(string method, string path, RequestSafety safety, long started)
{
    /// <summary>The HTTP method.</summary>
    public string Method { get; } = method;

    /// <summary>The REST path.</summary>
    public string Path { get; } = path;

    /// <summary>Whether the request may be sent again after a failure.</summary>
    public RequestSafety Safety { get; } = safety;

    /// <summary>When the call started (<see cref="TimeProvider.GetTimestamp"/>), for the retry budget.</summary>
    public long Started { get; } = started;

    /// <summary>The method and path, as the logs name the call.</summary>
    public string Operation => $"{Method} {Path}";
}

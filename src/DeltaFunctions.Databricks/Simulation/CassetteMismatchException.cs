namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// Thrown on replay (<see cref="DatabricksClientOptions.ReplayPath"/>) when the client sends a request the cassette
/// holds no unused recording of. The message shows the request, the nearest recording and a line diff between them;
/// the parts are also properties. Never retried: record the cassette again when the code's requests changed on purpose.
/// Everything shown is redacted as the cassette is.
/// </summary>
public sealed class CassetteMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message, diff included.</param>
    /// <param name="cassettePath">The cassette file.</param>
    /// <param name="request">The request as <c>METHOD path</c>.</param>
    /// <param name="requestText">The request rendered as canonical JSON.</param>
    /// <param name="nearestRecording">The nearest recording rendered the same way, or null.</param>
    /// <param name="diff">The line diff (<c>-</c> recorded, <c>+</c> this request), or null.</param>
    public CassetteMismatchException(string message, string cassettePath, string request, string requestText, string? nearestRecording, string? diff)
        : base(message)
    {
        CassettePath = cassettePath;
        Request = request;
        RequestText = requestText;
        NearestRecording = nearestRecording;
        Diff = diff;
    }

    /// <summary>Gets the cassette file.</summary>
    public string CassettePath { get; }

    /// <summary>Gets the unmatched request as <c>METHOD path</c>.</summary>
    public string Request { get; }

    /// <summary>Gets the unmatched request rendered as canonical JSON (method, path, query, body).</summary>
    public string RequestText { get; }

    /// <summary>Gets the nearest recording rendered the same way, or null when the cassette is empty.</summary>
    public string? NearestRecording { get; }

    /// <summary>Gets the line diff between <see cref="NearestRecording"/> (<c>-</c>) and <see cref="RequestText"/> (<c>+</c>), or null.</summary>
    public string? Diff { get; }
}

namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// Sends each request on and writes the exchange, redacted, to the cassette (<see cref="CassetteSession"/>): method,
/// path, query, normalized body, status, the headers the client reads, and the body. Transport failures are recorded
/// too. Requests still go out with their credentials; only the cassette is redacted.
/// </summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    private readonly CassetteSession _session;

    /// <summary>Creates the handler.</summary>
    /// <param name="session">The recording session.</param>
    /// <param name="inner">The next handler, or null when the HTTP client factory sets it.</param>
    public RecordingHandler(CassetteSession session, HttpMessageHandler? inner = null)
    {
        _session = session;
        if (inner is not null)
        {
            InnerHandler = inner;
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var captured = await _session.CaptureRequestAsync(request, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            await _session.RecordFailureAsync(captured, exception, cancellationToken).ConfigureAwait(false);
            throw;
        }

        try
        {
            // Buffered so the body can be written to the cassette and still read by the caller.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            await _session.RecordAsync(captured, response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

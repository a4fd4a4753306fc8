namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// Answers every request from the cassette and sends nothing: the request is redacted and normalized exactly as when
/// it was recorded, then matched (see <see cref="CassetteSession.Replay"/>). A request without a recording fails with
/// <see cref="CassetteMismatchException"/>, which shows the diff against the nearest recording.
/// </summary>
internal sealed class ReplayHandler : DelegatingHandler
{
    private readonly CassetteSession _session;

    /// <summary>Creates the handler.</summary>
    /// <param name="session">The replay session.</param>
    /// <param name="inner">The next handler (never called), or null when the HTTP client factory sets it.</param>
    public ReplayHandler(CassetteSession session, HttpMessageHandler? inner = null)
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
        cancellationToken.ThrowIfCancellationRequested();
        var captured = await _session.CaptureRequestAsync(request, cancellationToken).ConfigureAwait(false);
        return _session.Replay(captured, request);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeltaFunctions.Databricks.Auth;
using DeltaFunctions.Databricks.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// The internal request seam every sub-client (Jobs, SQL, Catalog, Files, …) calls. One per
/// <see cref="DatabricksClient"/>. Each call: serializes the body once with the caller's source-generated
/// <see cref="JsonTypeInfo{T}"/>; runs attempts through <see cref="DatabricksResiliencePipeline"/> (overall timeout,
/// retry by <see cref="RequestSafety"/>, rate limiter, circuit breaker, attempt timeout); puts the bearer token
/// (and Azure headers) on each attempt; after a 401 forces one token refresh and sends once more; turns every
/// non-2xx answer into a <see cref="DatabricksException"/> (<see cref="DatabricksErrorParser"/>), and transport
/// failures, timeouts, the open breaker and limiter refusals into one too. Cancellation by the caller surfaces as
/// <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// Paths are absolute REST paths such as <c>/api/2.2/jobs/get</c>; query values are escaped here (pass
/// <c>true</c>/<c>false</c> in lower case, repeat a key for arrays, null values are skipped).
/// </remarks>
internal sealed partial class DatabricksApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly IDatabricksAuthProvider _auth;
    private readonly DatabricksResiliencePipeline _resilience;
    private readonly DatabricksTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _userAgent;

    /// <summary>Creates the seam.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c> or owned).</param>
    /// <param name="ownsHttpClient">Whether <see cref="Dispose"/> disposes <paramref name="httpClient"/>.</param>
    /// <param name="host">The workspace URL (scheme and authority).</param>
    /// <param name="auth">The token provider.</param>
    /// <param name="resilience">The resilience pipeline.</param>
    /// <param name="telemetry">Meter and activity source.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public DatabricksApiClient(
        HttpClient httpClient,
        bool ownsHttpClient,
        Uri host,
        IDatabricksAuthProvider auth,
        DatabricksResiliencePipeline resilience,
        DatabricksTelemetry telemetry,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        Host = host;
        _auth = auth;
        _resilience = resilience;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _logger = logger;
        var version = typeof(DatabricksApiClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        _userAgent = $"deltafunctions-databricks/{version} dotnet/{Environment.Version.ToString(3)} auth/{auth.AuthType}";
    }

    /// <summary>The workspace URL.</summary>
    public Uri Host { get; }

    /// <summary>The authentication method in use.</summary>
    public string AuthType => _auth.AuthType;

    /// <summary>Where the credential came from (configuration keys or code), named when Databricks rejects it.</summary>
    public string CredentialSource { get; init; } = "the credential given in code";

    /// <summary>The circuit breaker's state.</summary>
    public DatabricksCircuitState CircuitState => _resilience.CircuitState;

    /// <summary>Sends a JSON body and reads a JSON answer.</summary>
    /// <typeparam name="TRequest">The body type.</typeparam>
    /// <typeparam name="TResponse">The answer type.</typeparam>
    /// <param name="method">The HTTP method (POST, PATCH, PUT, …).</param>
    /// <param name="path">The REST path, e.g. <c>/api/2.2/jobs/create</c>.</param>
    /// <param name="body">The body.</param>
    /// <param name="requestType">The body's source-generated type info.</param>
    /// <param name="responseType">The answer's source-generated type info.</param>
    /// <param name="safety">Whether the request may be sent again after a failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer (an empty body reads as <c>{}</c>).</returns>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        RequestSafety safety,
        CancellationToken cancellationToken)
    {
        using var response = await SendJsonCoreAsync(method, path, body, requestType, safety, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, responseType, method.Method, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a JSON body; the answer body is ignored.</summary>
    /// <typeparam name="TRequest">The body type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="body">The body.</param>
    /// <param name="requestType">The body's source-generated type info.</param>
    /// <param name="safety">Whether the request may be sent again after a failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Databricks accepted the request.</returns>
    public async Task SendAsync<TRequest>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        RequestSafety safety,
        CancellationToken cancellationToken)
    {
        using var response = await SendJsonCoreAsync(method, path, body, requestType, safety, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET with query parameters, reading a JSON answer. Always <see cref="RequestSafety.Idempotent"/>.</summary>
    /// <typeparam name="TResponse">The answer type.</typeparam>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters (null values skipped, repeated keys allowed), or null.</param>
    /// <param name="responseType">The answer's source-generated type info.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer.</returns>
    public Task<TResponse> GetAsync<TResponse>(
        string path,
        IEnumerable<KeyValuePair<string, string?>>? query,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, query, responseType, RequestSafety.Idempotent, cancellationToken);

    /// <summary>A request without a body (DELETE, bodiless POST, GET) reading a JSON answer.</summary>
    /// <typeparam name="TResponse">The answer type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters, or null.</param>
    /// <param name="responseType">The answer's source-generated type info.</param>
    /// <param name="safety">Whether the request may be sent again after a failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer (an empty body reads as <c>{}</c>).</returns>
    public async Task<TResponse> SendAsync<TResponse>(
        HttpMethod method,
        string path,
        IEnumerable<KeyValuePair<string, string?>>? query,
        JsonTypeInfo<TResponse> responseType,
        RequestSafety safety,
        CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        using var response = await SendCoreAsync(
            () => CreateRequest(method, uri, payload: null), ownsRequests: true, method.Method, path, safety, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        return await ReadJsonAsync(response, responseType, method.Method, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A request without a body whose answer body is ignored (e.g. DELETE).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters, or null.</param>
    /// <param name="safety">Whether the request may be sent again after a failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Databricks accepted the request.</returns>
    public async Task SendAsync(
        HttpMethod method,
        string path,
        IEnumerable<KeyValuePair<string, string?>>? query,
        RequestSafety safety,
        CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        using var response = await SendCoreAsync(
            () => CreateRequest(method, uri, payload: null), ownsRequests: true, method.Method, path, safety, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a caller-built request (streams: Files API uploads and downloads) through the same pipeline and
    /// returns the raw 2xx answer, which the caller disposes. A relative <see cref="HttpRequestMessage.RequestUri"/>
    /// is resolved against the host. Retries send a copy of the request with the same content object, so content
    /// that cannot be read twice (a non-seekable stream) must use <see cref="RequestSafety.NotIdempotent"/>. The
    /// request itself stays the caller's to dispose.
    /// </summary>
    /// <param name="request">The request (without Authorization; it is added per attempt).</param>
    /// <param name="safety">Whether the request may be sent again after a failure.</param>
    /// <param name="completion">When the answer counts as received (<see cref="HttpCompletionOption.ResponseHeadersRead"/> to stream).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The successful answer.</returns>
    public Task<HttpResponseMessage> SendRawAsync(
        HttpRequestMessage request,
        RequestSafety safety,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        var uri = request.RequestUri.IsAbsoluteUri ? request.RequestUri : new Uri(Host, request.RequestUri);
        return SendCoreAsync(() => CopyRequest(request, uri), ownsRequests: false, request.Method.Method, uri.AbsolutePath, safety, completion, cancellationToken);
    }

    /// <summary>Builds an absolute URI from a REST path and query parameters.</summary>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters, or null.</param>
    /// <returns>The URI.</returns>
    public Uri BuildUri(string path, IEnumerable<KeyValuePair<string, string?>>? query)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"The REST path '{path}' must start with '/'.", nameof(path));
        }

        if (query is null)
        {
            return new Uri(Host, path);
        }

        var builder = new StringBuilder(path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in query)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(Host, builder.ToString());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _resilience.Dispose();
        _auth.Dispose();
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, byte[]? payload)
    {
        var request = new HttpRequestMessage(method, uri);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static HttpRequestMessage CopyRequest(HttpRequestMessage original, Uri uri)
    {
        var copy = new HttpRequestMessage(original.Method, uri)
        {
            Content = original.Content,
            Version = original.Version,
            VersionPolicy = original.VersionPolicy,
        };
        foreach (var (name, values) in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        return copy;
    }

    private Task<HttpResponseMessage> SendJsonCoreAsync<TRequest>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, RequestSafety safety, CancellationToken cancellationToken)
    {
        // Serialized once: every retry sends a fresh request over the same bytes.
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        var uri = BuildUri(path, query: null);
        return SendCoreAsync(
            () => CreateRequest(method, uri, payload), ownsRequests: true, method.Method, path, safety, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        Func<HttpRequestMessage> createRequest,
        bool ownsRequests,
        string method,
        string path,
        RequestSafety safety,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        using var activity = _telemetry.ActivitySource.StartActivity($"Databricks {method}", ActivityKind.Client);
        activity?.SetTag("http.request.method", method);
        activity?.SetTag("url.path", path);
        activity?.SetTag("server.address", Host.Host);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DatabricksResiliencePipeline.SafetyKey, safety);
        context.Properties.Set(DatabricksResiliencePipeline.OperationKey, $"{method} {path}");
        context.Properties.Set(DatabricksResiliencePipeline.StartedKey, _timeProvider.GetTimestamp());
        var state = new CallState(this, createRequest, ownsRequests, method, path, completion, activity);
        try
        {
            var outcome = await _resilience.Pipeline.ExecuteOutcomeAsync(
                static async (ctx, s) => await s.Client.AttemptAsync(s, ctx.CancellationToken).ConfigureAwait(false),
                context,
                state).ConfigureAwait(false);

            if (outcome.Exception is null)
            {
                return outcome.Result!;
            }

            if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                outcome.ThrowIfException();
            }

            var failure = Translate(outcome.Exception, method, path);
            var errorType = RetryClassifier.ErrorType(failure);
            _telemetry.Error(errorType);
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            activity?.SetTag("error.type", errorType);
            if (ReferenceEquals(failure, outcome.Exception))
            {
                outcome.ThrowIfException();
            }

            throw failure;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(CallState state, CancellationToken cancellationToken)
    {
        try
        {
            var token = await _auth.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            var response = await SendOnceAsync(state, token, cancellationToken).ConfigureAwait(false);
            if (!state.Refreshed && await IsRejectedTokenAsync(response, cancellationToken).ConfigureAwait(false))
            {
                // A 401 (or a 403 "Invalid access token", which Databricks sends for a token it no longer knows) proves
                // the request was not processed, so one more send is safe whatever the RequestSafety. The provider
                // refreshes once however many callers saw the same token rejected.
                state.Refreshed = true;
                var fresh = await _auth.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
                if (!ReferenceEquals(fresh, token))
                {
                    Log.UnauthorizedRefreshing(_logger, state.Method, state.Path, _auth.AuthType);
                    response.Dispose();
                    response = await SendOnceAsync(state, fresh, cancellationToken).ConfigureAwait(false);
                }
            }

            if (response.IsSuccessStatusCode)
            {
                state.Activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                return Outcome.FromResult(response);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var error = DatabricksErrorParser.Parse(response.StatusCode, body, response.Headers, state.Method, state.Path, _timeProvider);
                if (response.StatusCode == HttpStatusCode.Unauthorized || DatabricksErrorParser.IsInvalidToken(response.StatusCode, body))
                {
                    error = DatabricksErrorParser.WithCredentialHint(error, _auth.AuthType, CredentialSource);
                }

                state.Activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                Log.RequestFailed(_logger, state.Method, state.Path, (int)response.StatusCode, error.ErrorCode.Value, error.RequestId, error.Message);
                return Outcome.FromException<HttpResponseMessage>(error);
            }
        }
        catch (Exception exception)
        {
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }

    private static async Task<bool> IsRejectedTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        // Buffered, so the error path can read the body again.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return DatabricksErrorParser.IsInvalidToken(response.StatusCode, body);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(CallState state, AuthToken token, CancellationToken cancellationToken)
    {
        var request = state.CreateRequest();
        try
        {
            token.Apply(request);
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            var started = _timeProvider.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await _httpClient.SendAsync(request, state.Completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                _telemetry.RequestSent(state.Method, 0);
                Log.TransportFailed(_logger, state.Method, state.Path, exception.HttpRequestError.ToString());
                throw;
            }

            _telemetry.RequestSent(state.Method, (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                _telemetry.RateLimited("server");
            }

            Log.RequestCompleted(_logger, state.Method, state.Path, (int)response.StatusCode, _timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        finally
        {
            if (state.OwnsRequests)
            {
                request.Dispose();
            }
        }
    }

    private static async Task<TResponse> ReadJsonAsync<TResponse>(
        HttpResponseMessage response, JsonTypeInfo<TResponse> responseType, string method, string path, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var value = JsonSerializer.Deserialize(bytes.Length == 0 ? EmptyObject : bytes, responseType);
            return value ?? throw new DatabricksException(
                $"Databricks answered {method} {path} with a null body where an object was expected.",
                DatabricksErrorCode.Unknown,
                response.StatusCode);
        }
        catch (JsonException exception)
        {
            throw new DatabricksException(
                $"The answer to {method} {path} could not be read as {typeof(TResponse).Name}: {exception.Message}",
                DatabricksErrorCode.Unknown,
                response.StatusCode,
                innerException: exception);
        }
    }

    private Exception Translate(Exception exception, string method, string path) => exception switch
    {
        DatabricksException => exception,
        BrokenCircuitException broken => new DatabricksException(
            $"{method} {path} was not sent: the circuit breaker is open after repeated failures of {Host.Host}.",
            DatabricksErrorCode.CircuitOpen,
            retryAfter: broken.RetryAfter,
            innerException: exception)
        { IsTransient = true },
        TimeoutRejectedException timeout => new DatabricksException(
            $"{method} {path} timed out after {timeout.Timeout.TotalSeconds:0.###} s.",
            DatabricksErrorCode.DeadlineExceeded,
            innerException: exception)
        { IsTransient = true },
        RateLimiterRejectedException limited => new DatabricksException(
            $"{method} {path} was not sent: the client-side rate limiter's queue is full.",
            DatabricksErrorCode.ClientRateLimited,
            retryAfter: limited.RetryAfter,
            innerException: exception)
        { IsTransient = true },
        HttpRequestException or IOException => new DatabricksException(
            $"{method} {path} failed without an answer from {Host.Host}: {SecretRedactor.Redact(exception.Message)}",
            DatabricksErrorCode.IoError,
            innerException: exception)
        { IsTransient = true },
        Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => new DatabricksException(
            $"{method} {path} was not sent: obtaining the '{_auth.AuthType}' token failed: {SecretRedactor.Redact(exception.Message)}",
            DatabricksErrorCode.Unauthenticated,
            innerException: exception),
        _ => exception,
    };

    private sealed class CallState(
        DatabricksApiClient client,
        Func<HttpRequestMessage> createRequest,
        bool ownsRequests,
        string method,
        string path,
        HttpCompletionOption completion,
        Activity? activity)
    {
        public DatabricksApiClient Client { get; } = client;

        public Func<HttpRequestMessage> CreateRequest { get; } = createRequest;

        public bool OwnsRequests { get; } = ownsRequests;

        public string Method { get; } = method;

        public string Path { get; } = path;

        public HttpCompletionOption Completion { get; } = completion;

        public Activity? Activity { get; } = activity;

        public bool Refreshed { get; set; }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
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

    // Answers of unknown length start in a pooled 4 KiB buffer; a known length is rented at its size, trusted up to 1 MiB
    // (a longer answer starts there and grows).
    private const int DefaultInitialBuffer = 4096;
    private const int MaxInitialBuffer = 1 << 20;

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly IDatabricksAuthProvider _auth;
    private readonly DatabricksResiliencePipeline _resilience;
    private readonly DatabricksTelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _userAgent;
    private readonly string _authority;
    private readonly string _serverAddress;

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
        _authority = host.GetLeftPart(UriPartial.Authority);
        _serverAddress = host.Host;
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

    /// <summary>
    /// The longest JSON answer read, in bytes: <see cref="Array.MaxLength"/>, the most one array holds. A longer one
    /// fails the call with a <see cref="DatabricksException"/> naming it. Tests set less; nothing else does.
    /// </summary>
    public int MaxAnswerLength { get; set; } = Array.MaxLength;

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
    public Task<TResponse> SendAsync<TRequest, TResponse>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        RequestSafety safety,
        CancellationToken cancellationToken)
    {
        // Serialized once: every retry sends a fresh request over the same bytes.
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        return SendJsonAsync(new JsonCall<TResponse>(this, method, path, BuildUri(path, query: null), payload, safety, responseType), cancellationToken);
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
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, requestType);
        using var response = await SendCallAsync(new Call(this, method, path, BuildUri(path, query: null), payload, safety), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// GETs a list paged by <c>page_token</c> / <c>next_page_token</c>, every page's items in order. The next page is
    /// asked for while a page names a token not handed out before: a server that hands out the same token again would
    /// otherwise be asked for the same page forever, yielding its items again and again (a warning is logged and the
    /// listing ends there).
    /// </summary>
    /// <typeparam name="TPage">The page type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters besides <c>page_token</c>, which is added last.</param>
    /// <param name="pageType">The page's source-generated type info.</param>
    /// <param name="read">A page's items and the token of the next page (null or empty on the last page).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The items.</returns>
    public async IAsyncEnumerable<TItem> GetPagesAsync<TPage, TItem>(
        string path,
        IReadOnlyList<KeyValuePair<string, string?>> query,
        JsonTypeInfo<TPage> pageType,
        Func<TPage, (IReadOnlyList<TItem>? Items, string? Next)> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(read);
        string? token = null;
        HashSet<string>? seen = null;
        do
        {
            var page = await GetAsync(path, [.. query, new("page_token", token)], pageType, cancellationToken).ConfigureAwait(false);
            var (items, next) = read(page);
            foreach (var item in items ?? [])
            {
                yield return item;
            }

            token = string.IsNullOrEmpty(next) ? null : next;
            if (token is not null && !(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(token))
            {
                Log.PageTokenRepeated(_logger, path);
                token = null;
            }
        }
        while (token is not null);
    }

    /// <summary>A request without a body (DELETE, bodiless POST, GET) reading a JSON answer.</summary>
    /// <typeparam name="TResponse">The answer type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The REST path.</param>
    /// <param name="query">Query parameters, or null.</param>
    /// <param name="responseType">The answer's source-generated type info.</param>
    /// <param name="safety">Whether the request may be sent again after a failure.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer (an empty body reads as <c>{}</c>).</returns>
    public Task<TResponse> SendAsync<TResponse>(
        HttpMethod method,
        string path,
        IEnumerable<KeyValuePair<string, string?>>? query,
        JsonTypeInfo<TResponse> responseType,
        RequestSafety safety,
        CancellationToken cancellationToken)
    {
        return SendJsonAsync(new JsonCall<TResponse>(this, method, path, BuildUri(path, query), payload: null, safety, responseType), cancellationToken);
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
        using var response = await SendCallAsync(new Call(this, method, path, BuildUri(path, query), payload: null, safety), cancellationToken).ConfigureAwait(false);
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
        return SendCallAsync(new Call(this, request, uri, safety, completion), cancellationToken);
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

        // The path is absolute, so the URI is the host's scheme and authority followed by it: built as one string
        // (no relative-URI resolution, no StringBuilder).
        if (query is null)
        {
            return new Uri(_authority + path, UriKind.Absolute);
        }

        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral(_authority);
        text.AppendLiteral(path);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in query)
        {
            if (value is null)
            {
                continue;
            }

            text.AppendFormatted(separator);
            text.AppendLiteral(Uri.EscapeDataString(key));
            text.AppendFormatted('=');
            text.AppendLiteral(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(text.ToStringAndClear(), UriKind.Absolute);
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

        // Added as text: the header is written as is, without a parsed value object per request.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
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

    private static string ActivityName(string method) => method switch
    {
        "GET" => "Databricks GET",
        "POST" => "Databricks POST",
        "PUT" => "Databricks PUT",
        "PATCH" => "Databricks PATCH",
        "DELETE" => "Databricks DELETE",
        "HEAD" => "Databricks HEAD",
        _ => "Databricks " + method,
    };

    /// <summary>
    /// Sends a call whose answer is JSON. The body is read and deserialized inside the attempt (so a connection that
    /// drops mid-body is retried like any transport failure, under the attempt timeout), straight from the response
    /// stream into a pooled buffer instead of being buffered by <see cref="HttpClient"/> and copied out again. An
    /// answer that cannot be read as <typeparamref name="TResponse"/> is not a failed attempt (nothing is retried and
    /// the breaker does not count it): it is thrown once the pipeline has finished.
    /// </summary>
    private Task<TResponse> SendJsonAsync<TResponse>(JsonCall<TResponse> call, CancellationToken cancellationToken) =>
        SendCoreAsync(call, static (c, response) => ((JsonCall<TResponse>)c).Answer(response), cancellationToken);

    private Task<HttpResponseMessage> SendCallAsync(Call call, CancellationToken cancellationToken) =>
        SendCoreAsync(call, static (_, response) => response, cancellationToken);

    private async Task<TResult> SendCoreAsync<TResult>(Call call, Func<Call, HttpResponseMessage, TResult> complete, CancellationToken cancellationToken)
    {
        // Without a listener StartActivity returns null; the name is a constant, so nothing is built for it.
        using var activity = _telemetry.ActivitySource.StartActivity(ActivityName(call.Method), ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("http.request.method", call.Method);
            activity.SetTag("url.path", call.Path);
            activity.SetTag("server.address", _serverAddress);
            call.Activity = activity;
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DatabricksResiliencePipeline.RequestKey, call);
        try
        {
            var pipeline = await _resilience.Pipeline.ConfigureAwait(false);
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (ctx, c) => c.Client.AttemptAsync(c, ctx.CancellationToken), context, call).ConfigureAwait(false);
            if (outcome.Exception is null)
            {
                return complete(call, outcome.Result!);
            }

            if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                outcome.ThrowIfException();
            }

            var failure = Translate(outcome.Exception, call.Method, call.Path);
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

    // The per-call async methods below pool their state machines (each is awaited exactly once, by the pipeline or by
    // the attempt): with 16 concurrent callers every call otherwise left three more boxes for the GC.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(Call state, CancellationToken cancellationToken)
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
                try
                {
                    await state.ReadAnswerAsync(response, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    response.Dispose();
                    if (exception is HttpRequestException or IOException)
                    {
                        Log.TransportFailed(_logger, state.Method, state.Path, exception is HttpRequestException http ? http.HttpRequestError.ToString() : exception.GetType().Name);
                    }

                    throw;
                }

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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpResponseMessage> SendOnceAsync(Call state, AuthToken token, CancellationToken cancellationToken)
    {
        var request = state.CreateRequest();
        try
        {
            token.Apply(request);
            request.Headers.Remove("User-Agent");
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

    /// <summary>
    /// Reads the answer body into a pooled buffer and deserializes it from there (an empty body reads as <c>{}</c>).
    /// Transport failures propagate (the attempt failed); an answer that is not the expected JSON is kept on the call.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ReadJsonAsync<TResponse>(HttpResponseMessage response, JsonCall<TResponse> call, CancellationToken cancellationToken)
    {
        var length = response.Content.Headers.ContentLength;
        PooledBytes? body;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            body = await PooledBytes.ReadAllAsync(stream, length, MaxInitialBuffer, DefaultInitialBuffer, call.Client.MaxAnswerLength, cancellationToken).ConfigureAwait(false);
        }

        if (body is null)
        {
            call.TooLong(response.StatusCode);
            return;
        }

        try
        {
            call.Read(body.Length == 0 ? EmptyObject : body.Memory.Span, response.StatusCode);
        }
        finally
        {
            body.Return();
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

    /// <summary>One call through the pipeline: how to build each attempt's request, and what the pipeline reads.</summary>
    private class Call : DatabricksRequest
    {
        private readonly HttpMethod _httpMethod;
        private readonly Uri _uri;
        private readonly byte[]? _payload;
        private readonly HttpRequestMessage? _original;

        /// <summary>A call whose requests the client builds (and disposes) itself.</summary>
        public Call(DatabricksApiClient client, HttpMethod method, string path, Uri uri, byte[]? payload, RequestSafety safety)
            : base(method.Method, path, safety, client._timeProvider.GetTimestamp())
        {
            Client = client;
            _httpMethod = method;
            _uri = uri;
            _payload = payload;
        }

        /// <summary>A call sending copies of a caller-built request, which stays the caller's to dispose.</summary>
        public Call(DatabricksApiClient client, HttpRequestMessage original, Uri uri, RequestSafety safety, HttpCompletionOption completion)
            : base(original.Method.Method, uri.AbsolutePath, safety, client._timeProvider.GetTimestamp())
        {
            Client = client;
            _httpMethod = original.Method;
            _uri = uri;
            _original = original;
            Completion = completion;
        }

        public DatabricksApiClient Client { get; }

        public bool OwnsRequests => _original is null;

        public HttpCompletionOption Completion { get; protected init; } = HttpCompletionOption.ResponseContentRead;

        public Activity? Activity { get; set; }

        public bool Refreshed { get; set; }

        public HttpRequestMessage CreateRequest() => _original is null ? DatabricksApiClient.CreateRequest(_httpMethod, _uri, _payload) : CopyRequest(_original, _uri);

        /// <summary>Reads what the call needs from a 2xx answer, inside the attempt; nothing by default.</summary>
        public virtual ValueTask ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>A call whose 2xx answer is JSON, read inside the attempt into <typeparamref name="T"/>.</summary>
    private sealed class JsonCall<T> : Call
    {
        private readonly JsonTypeInfo<T> _type;
        private T? _value;
        private DatabricksException? _readError;

        public JsonCall(DatabricksApiClient client, HttpMethod method, string path, Uri uri, byte[]? payload, RequestSafety safety, JsonTypeInfo<T> type)
            : base(client, method, path, uri, payload, safety)
        {
            _type = type;
            Completion = HttpCompletionOption.ResponseHeadersRead;
        }

        public override ValueTask ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
            ReadJsonAsync(response, this, cancellationToken);

        /// <summary>Deserializes the answer body, keeping the failure (thrown by <see cref="Answer"/>) instead of throwing.</summary>
        public void Read(ReadOnlySpan<byte> json, HttpStatusCode status)
        {
            try
            {
                _value = JsonSerializer.Deserialize(json, _type);
                _readError = _value is null
                    ? new DatabricksException(
                        $"Databricks answered {Method} {Path} with a null body where an object was expected.", DatabricksErrorCode.Unknown, status)
                    : null;
            }
            catch (JsonException exception)
            {
                _readError = new DatabricksException(
                    $"The answer to {Method} {Path} could not be read as {typeof(T).Name}: {exception.Message}",
                    DatabricksErrorCode.Unknown,
                    status,
                    innerException: exception);
            }
        }

        /// <summary>Keeps the failure of an answer longer than <see cref="MaxAnswerLength"/> (thrown by <see cref="Answer"/>).</summary>
        public void TooLong(HttpStatusCode status) =>
            _readError = new DatabricksException(
                $"The answer to {Method} {Path} is longer than {Client.MaxAnswerLength:N0} bytes, the most the client reads into one buffer, so it was not read. "
                + "Ask for less in one call: a smaller page (limit, max_results) or fewer expanded fields.",
                DatabricksErrorCode.Unknown,
                status);

        /// <summary>The value read from the (already consumed) answer, or the reason it could not be read.</summary>
        public T Answer(HttpResponseMessage response)
        {
            response.Dispose();
            return _readError is { } error ? throw error : _value!;
        }
    }
}

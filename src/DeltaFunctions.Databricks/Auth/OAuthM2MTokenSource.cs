using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeltaFunctions.Databricks.Http;
using Polly;
using Polly.Retry;

namespace DeltaFunctions.Databricks.Auth;

/// <summary>
/// Databricks OAuth machine-to-machine: <c>POST {host}/oidc/v1/token</c> with
/// <c>grant_type=client_credentials&amp;scope=all-apis</c> and the client id and secret as HTTP Basic
/// (reference §2.2). There is no refresh token: each refresh repeats the grant. Token requests are retried on
/// 429/502/503/504 and transport errors, honouring Retry-After, like the Go SDK's token source.
/// </summary>
internal sealed class OAuthM2MTokenSource
{
    private const int MaxTokenRetries = 3;
    private static readonly TimeSpan MaxTokenRetryDelay = TimeSpan.FromSeconds(20);

    private readonly HttpClient _httpClient;
    private readonly Uri _tokenEndpoint;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <summary>Creates the source.</summary>
    /// <param name="httpClient">An HTTP client that is not the authenticated API pipeline.</param>
    /// <param name="host">The workspace URL.</param>
    /// <param name="clientId">The service principal's client id.</param>
    /// <param name="clientSecret">Its OAuth secret.</param>
    /// <param name="timeProvider">The clock.</param>
    public OAuthM2MTokenSource(HttpClient httpClient, Uri host, string clientId, string clientSecret, TimeProvider timeProvider)
    {
        _httpClient = httpClient;
        _tokenEndpoint = new Uri(host, "/oidc/v1/token");
        _clientId = clientId;
        _clientSecret = clientSecret;
        _timeProvider = timeProvider;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxTokenRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response && RetryAfter.FromHeaders(response.Headers, timeProvider) is { } wait
                        ? (TimeSpan?)(wait > MaxTokenRetryDelay ? MaxTokenRetryDelay : wait)
                        : null),
            })
            .Build();
    }

    /// <summary>The token endpoint.</summary>
    public Uri TokenEndpoint => _tokenEndpoint;

    /// <summary>Runs the client-credentials grant.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token with its raw expiry.</returns>
    public async Task<AuthToken> FetchAsync(CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(_clientId)}:{Uri.EscapeDataString(_clientSecret)}"));
        using var response = await _retry.ExecuteAsync(
            async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint)
                {
                    Content = new FormUrlEncodedContent(
                    [
                        new KeyValuePair<string, string>("grant_type", "client_credentials"),
                        new KeyValuePair<string, string>("scope", "all-apis"),
                    ]),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw DatabricksErrorParser.Parse(
                response.StatusCode, body, response.Headers, "POST", _tokenEndpoint.AbsolutePath, _timeProvider,
                "The OAuth M2M token request failed");
        }

        return ParseTokenResponse(body, _timeProvider.GetUtcNow(), _tokenEndpoint);
    }

    /// <summary>The longest lifetime a token's <c>expires_in</c> is taken for: a day.</summary>
    private const long MaxLifetimeSeconds = 86_400;

    /// <summary>Reads <c>{"access_token", "token_type", "expires_in"}</c>.</summary>
    /// <param name="body">The response body.</param>
    /// <param name="now">The time the answer arrived.</param>
    /// <param name="endpoint">The endpoint, for the error message.</param>
    /// <returns>The token.</returns>
    internal static AuthToken ParseTokenResponse(string body, DateTimeOffset now, Uri endpoint)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var accessToken)
                || accessToken.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(accessToken.GetString()))
            {
                throw new DatabricksException(
                    $"The token endpoint {endpoint.GetLeftPart(UriPartial.Path)} answered without an access_token.",
                    DatabricksErrorCode.Unauthenticated);
            }

            var expiresIn = 3600L;
            if (root.TryGetProperty("expires_in", out var expires))
            {
                if (expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var seconds))
                {
                    expiresIn = seconds;
                }
                else if (expires.ValueKind == JsonValueKind.String && long.TryParse(expires.GetString(), System.Globalization.CultureInfo.InvariantCulture, out seconds))
                {
                    expiresIn = seconds;
                }
            }

            // Held to [0 s, a day]: a lifetime past what a date can hold threw from the arithmetic, and no OAuth token of a
            // Databricks or Entra ID endpoint lives longer than a day; refreshing a longer-lived one early costs one
            // request. None at all leaves the token good for the call that fetched it.
            return new AuthToken(accessToken.GetString()!, now + TimeSpan.FromSeconds(Math.Clamp(expiresIn, 0, MaxLifetimeSeconds)));
        }
        catch (JsonException exception)
        {
            throw new DatabricksException(
                $"The token endpoint {endpoint.GetLeftPart(UriPartial.Path)} answered with a body that is not JSON.",
                DatabricksErrorCode.Unauthenticated,
                innerException: exception);
        }
    }
}

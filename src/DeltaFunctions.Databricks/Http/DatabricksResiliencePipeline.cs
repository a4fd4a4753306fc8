using DeltaFunctions.Databricks.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// The Polly v8 pipeline every Databricks request goes through, outermost first:
/// overall timeout (<see cref="DatabricksClientOptions.TotalTimeoutSeconds"/>) → retry (exponential backoff with
/// jitter, Retry-After as a floor with a cap, eligibility by <see cref="RequestSafety"/>) → client-side token
/// bucket (<see cref="DatabricksClientOptions.RateLimit"/>, every attempt takes a token) → circuit breaker
/// (observable through <see cref="CircuitState"/>) → per-attempt timeout
/// (<see cref="DatabricksClientOptions.TimeoutSeconds"/>). Attempts report HTTP error answers as
/// <see cref="DatabricksException"/> outcomes, so every strategy decides on parsed codes and messages.
/// </summary>
internal sealed class DatabricksResiliencePipeline : IDisposable
{
    /// <summary>The request's <see cref="RequestSafety"/> on the <see cref="ResilienceContext"/>.</summary>
    public static readonly ResiliencePropertyKey<RequestSafety> SafetyKey = new("databricks.request-safety");

    /// <summary>The request's method and path (for logs) on the <see cref="ResilienceContext"/>.</summary>
    public static readonly ResiliencePropertyKey<string> OperationKey = new("databricks.operation");

    private readonly DatabricksClientOptions _options;
    private readonly Func<double> _random;
    private readonly CircuitBreakerStateProvider _circuit = new();

    /// <summary>Builds the pipeline.</summary>
    /// <param name="options">Timeouts, retries, rate limit and breaker settings.</param>
    /// <param name="timeProvider">The clock for delays, timeouts, the breaker and the limiter.</param>
    /// <param name="telemetry">Where throttling is counted.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="random">Uniform [0, 1) source for jitter; null: <see cref="Random.Shared"/>.</param>
    public DatabricksResiliencePipeline(
        DatabricksClientOptions options,
        TimeProvider timeProvider,
        DatabricksTelemetry telemetry,
        ILogger logger,
        Func<double>? random = null)
    {
        _options = options;
        _random = random ?? Random.Shared.NextDouble;
        RateLimiter = new DatabricksRateLimiter(options.RateLimit, options.RateLimitQueueLimit, timeProvider);
        var rateLimit = options.RateLimit;

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = "DeltaFunctions.Databricks" };
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = args =>
                {
                    if (args.Outcome.Exception is not { } exception || args.Context.CancellationToken.IsCancellationRequested)
                    {
                        return ValueTask.FromResult(false);
                    }

                    var safety = args.Context.Properties.GetValue(SafetyKey, RequestSafety.NotIdempotent);
                    var retry = RetryClassifier.ShouldRetry(exception, safety);
                    if (!retry && safety == RequestSafety.NotIdempotent && RetryClassifier.ShouldRetry(exception, RequestSafety.Idempotent))
                    {
                        Log.UnsafeRetrySkipped(logger, Operation(args.Context), RetryClassifier.ErrorType(exception));
                    }

                    return ValueTask.FromResult(retry);
                },
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(ComputeDelay(
                    args.AttemptNumber,
                    (args.Outcome.Exception as DatabricksException)?.RetryAfter,
                    _options,
                    _random())),
                OnRetry = args =>
                {
                    Log.RetryScheduled(
                        logger,
                        Operation(args.Context),
                        args.AttemptNumber + 1,
                        args.Outcome.Exception is { } e ? RetryClassifier.ErrorType(e) : "unknown",
                        args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = async args =>
            {
                var lease = RateLimiter.AttemptAcquire(1);
                if (lease.IsAcquired)
                {
                    return lease;
                }

                lease.Dispose();
                telemetry.RateLimited("client");
                Log.RateLimiterWait(logger, rateLimit);
                return await RateLimiter.AcquireAsync(1, args.Context.CancellationToken).ConfigureAwait(false);
            },
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            StateProvider = _circuit,
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && RetryClassifier.CountsAsFailure(e)),
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, args.BreakDuration.TotalMilliseconds);
                return default;
            },
            OnHalfOpened = _ =>
            {
                Log.CircuitHalfOpened(logger);
                return default;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger);
                return default;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        Pipeline = builder.Build();
        telemetry.ObserveCircuit(() => CircuitState);
    }

    /// <summary>The pipeline.</summary>
    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>The client-side rate limiter.</summary>
    public DatabricksRateLimiter RateLimiter { get; }

    /// <summary>The circuit breaker's current state.</summary>
    public DatabricksCircuitState CircuitState => _circuit.CircuitState switch
    {
        Polly.CircuitBreaker.CircuitState.Open => DatabricksCircuitState.Open,
        Polly.CircuitBreaker.CircuitState.HalfOpen => DatabricksCircuitState.HalfOpen,
        Polly.CircuitBreaker.CircuitState.Isolated => DatabricksCircuitState.Isolated,
        _ => DatabricksCircuitState.Closed,
    };

    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> + 1: an exponential ceiling
    /// <c>min(RetryMaxDelay, RetryBaseDelay × 2^attempt)</c> with "equal jitter" (uniform in [ceiling/2, ceiling]);
    /// a Retry-After the server sent is a floor, itself capped at <see cref="DatabricksClientOptions.RetryAfterMax"/>.
    /// </summary>
    /// <param name="attempt">The 0-based number of the attempt that failed.</param>
    /// <param name="retryAfter">The server's Retry-After, when given.</param>
    /// <param name="options">The backoff settings.</param>
    /// <param name="random">A uniform value in [0, 1).</param>
    /// <returns>The delay.</returns>
    public static TimeSpan ComputeDelay(int attempt, TimeSpan? retryAfter, DatabricksClientOptions options, double random)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ceiling = Math.Min(options.RetryMaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * factor);
        var jittered = TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * Math.Clamp(random, 0, 1))));
        if (retryAfter is { } floor)
        {
            var capped = floor > options.RetryAfterMax ? options.RetryAfterMax : floor;
            return capped > jittered ? capped : jittered;
        }

        return jittered;
    }

    /// <inheritdoc />
    public void Dispose() => RateLimiter.Dispose();

    private static string Operation(ResilienceContext context) => context.Properties.GetValue(OperationKey, "request");
}

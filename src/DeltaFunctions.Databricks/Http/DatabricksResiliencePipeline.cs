using System.Threading.RateLimiting;
using DeltaFunctions.Databricks.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// The Polly v8 pipeline every Databricks request goes through, outermost first:
/// overall timeout (<see cref="DatabricksClientOptions.TotalTimeoutSeconds"/>, also the retry budget: no retry is
/// started that would end after it) → retry (eligibility by <see cref="RetryClassifier.ShouldRetry"/> per
/// <see cref="RequestSafety"/>, delay by <see cref="ComputeDelay"/>) → client-side token
/// bucket (<see cref="DatabricksClientOptions.RateLimit"/>, every attempt takes a token) → circuit breaker
/// (observable through <see cref="CircuitState"/>) → per-attempt timeout
/// (<see cref="DatabricksClientOptions.TimeoutSeconds"/>). Attempts report HTTP error answers as
/// <see cref="DatabricksException"/> outcomes, so every strategy decides on parsed codes and messages.
/// </summary>
internal sealed class DatabricksResiliencePipeline : IDisposable
{
    /// <summary>
    /// The request being executed (safety, start time, method and path) on the <see cref="ResilienceContext"/>: one
    /// reference per call, so no value is boxed and no log text is built unless a retry decision logs it.
    /// </summary>
    public static readonly ResiliencePropertyKey<DatabricksRequest> RequestKey = new("databricks.request");

    /// <summary>The delay the retry decision chose, handed to the delay generator.</summary>
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("databricks.retry-delay");

    /// <summary>The shortest wait a server's <c>Retry-After</c> is raised to (the retry contract's lower clamp).</summary>
    public static readonly TimeSpan RetryAfterMin = TimeSpan.FromSeconds(1);

    private const double MinJitter = 0.05;
    private const double MaxJitter = 0.25;

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

        // Built on the thread pool while the caller goes on (the rest of the client's construction, the first request's
        // body and token): ResiliencePipelineBuilder validates every strategy's options and itself by data annotations
        // (Validator.TryValidateObject: TypeDescriptor, attribute reflection, invoke stubs), which has no switch; with
        // the strategies that was about 45 of the 80 ms of CPU a cold client construction took (docs/cold-start.md).
        // The settings are read here, so an options object changed after construction changes nothing;
        // DatabricksClientOptions' own validation (already run) keeps every value inside the ranges Polly checks, so
        // the build cannot fail on them. The first request awaits the build (SendCoreAsync).
        var settings = new Settings(
            options.TotalTimeout,
            options.AttemptTimeout,
            options.MaxRetries,
            options.RateLimit,
            options.CircuitBreakerFailureRatio,
            options.CircuitBreakerMinimumThroughput,
            options.CircuitBreakerSamplingDuration,
            options.CircuitBreakerBreakDuration);
        Pipeline = Task.Run(() => Build(settings, timeProvider, telemetry, logger));
        telemetry.ObserveCircuit(() => CircuitState);
    }

    /// <summary>The pipeline, built in the background from construction; await it before the first execution.</summary>
    public Task<ResiliencePipeline<HttpResponseMessage>> Pipeline { get; }

    /// <summary>The client-side rate limiter.</summary>
    public DatabricksRateLimiter RateLimiter { get; }

    /// <summary>The circuit breaker's current state (closed until the pipeline is built).</summary>
    public DatabricksCircuitState CircuitState => _circuit.CircuitState switch
    {
        Polly.CircuitBreaker.CircuitState.Open => DatabricksCircuitState.Open,
        Polly.CircuitBreaker.CircuitState.HalfOpen => DatabricksCircuitState.HalfOpen,
        Polly.CircuitBreaker.CircuitState.Isolated => DatabricksCircuitState.Isolated,
        _ => DatabricksCircuitState.Closed,
    };

    private ResiliencePipeline<HttpResponseMessage> Build(Settings settings, TimeProvider timeProvider, DatabricksTelemetry telemetry, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = "DeltaFunctions.Databricks" };
        builder.AddTimeout(settings.TotalTimeout);
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                ShouldHandle = args =>
                {
                    if (args.Outcome.Exception is not { } exception || args.Context.CancellationToken.IsCancellationRequested)
                    {
                        return ValueTask.FromResult(false);
                    }

                    var request = Request(args.Context);
                    var safety = request?.Safety ?? RequestSafety.NotIdempotent;
                    var retry = RetryClassifier.ShouldRetry(exception, safety);
                    if (!retry && safety == RequestSafety.NotIdempotent && RetryClassifier.ShouldRetry(exception, RequestSafety.Idempotent))
                    {
                        Log.UnsafeRetrySkipped(logger, Operation(request), RetryClassifier.ErrorType(exception));
                    }

                    if (!retry)
                    {
                        return ValueTask.FromResult(false);
                    }

                    // The delay is decided here so a retry that would end after the operation's budget is not started:
                    // the caller gets the real failure now instead of a timeout later.
                    var delay = ComputeDelay(args.AttemptNumber, (exception as DatabricksException)?.RetryAfter, _options, _random());
                    var started = request?.Started ?? timeProvider.GetTimestamp();
                    if (timeProvider.GetElapsedTime(started) + delay >= _options.TotalTimeout)
                    {
                        Log.RetryBudgetExhausted(logger, Operation(request), RetryClassifier.ErrorType(exception), delay.TotalMilliseconds, _options.TotalTimeoutSeconds);
                        return ValueTask.FromResult(false);
                    }

                    args.Context.Properties.Set(DelayKey, delay);
                    return ValueTask.FromResult(true);
                },
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(DelayKey, TimeSpan.Zero)),
                OnRetry = args =>
                {
                    Log.RetryScheduled(
                        logger,
                        Operation(Request(args.Context)),
                        args.AttemptNumber + 1,
                        args.Outcome.Exception is { } e ? RetryClassifier.ErrorType(e) : "unknown",
                        args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args =>
            {
                var lease = RateLimiter.AttemptAcquire(1);
                if (lease.IsAcquired)
                {
                    return new ValueTask<RateLimitLease>(lease);
                }

                lease.Dispose();
                telemetry.RateLimited("client");
                Log.RateLimiterWait(logger, settings.RateLimit);
                return RateLimiter.AcquireAsync(1, args.Context.CancellationToken);
            },
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = settings.MinimumThroughput,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
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
        builder.AddTimeout(settings.AttemptTimeout);
        return builder.Build();
    }

    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> + 1, by the retry contract: a server's
    /// <c>Retry-After</c> (seconds or HTTP date) is obeyed, clamped to 1 s – <see cref="DatabricksClientOptions.RetryAfterMax"/>
    /// (60 s by default); otherwise exponential backoff <c>min(RetryMaxDelay, RetryBaseDelay × 2^attempt)</c> plus 5–25 %
    /// jitter.
    /// </summary>
    /// <param name="attempt">The 0-based number of the attempt that failed.</param>
    /// <param name="retryAfter">The server's Retry-After, when given.</param>
    /// <param name="options">The backoff settings.</param>
    /// <param name="random">A uniform value in [0, 1).</param>
    /// <returns>The delay.</returns>
    public static TimeSpan ComputeDelay(int attempt, TimeSpan? retryAfter, DatabricksClientOptions options, double random)
    {
        if (retryAfter is { } asked)
        {
            var max = options.RetryAfterMax < RetryAfterMin ? RetryAfterMin : options.RetryAfterMax;
            return asked < RetryAfterMin ? RetryAfterMin : asked > max ? max : asked;
        }

        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var backoff = Math.Min(options.RetryMaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * factor);
        var jitter = MinJitter + ((MaxJitter - MinJitter) * Math.Clamp(random, 0, 1));
        return TimeSpan.FromMilliseconds(backoff * (1 + jitter));
    }

    /// <inheritdoc />
    public void Dispose() => RateLimiter.Dispose();

    private static DatabricksRequest? Request(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) ? request : null;

    private static string Operation(DatabricksRequest? request) => request?.Operation ?? "request";

    /// <summary>The option values the pipeline is built from, read at construction.</summary>
    private sealed record Settings(
        TimeSpan TotalTimeout,
        TimeSpan AttemptTimeout,
        int MaxRetries,
        int RateLimit,
        double FailureRatio,
        int MinimumThroughput,
        TimeSpan SamplingDuration,
        TimeSpan BreakDuration);
}

namespace DeltaFunctions.Databricks.Testing;

/// <summary>
/// Client settings for tests: retries back off 10–50 ms instead of seconds, a server <c>Retry-After</c> is honoured up
/// to 2 s, attempts time out after 10 s and calls after 60 s, the client-side rate limit is out of the way, and the
/// circuit breaker needs 1,000 calls before it opens, so an armed fault exercises retries instead of slowing the suite.
/// </summary>
public static class TestClientDefaults
{
    /// <summary>Applies the test settings to <paramref name="options"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns>The same options.</returns>
    public static DatabricksClientOptions Apply(DatabricksClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        options.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        options.RetryAfterMax = TimeSpan.FromSeconds(2);
        options.TimeoutSeconds = 10;
        options.TotalTimeoutSeconds = 60;
        options.RateLimit = 10_000;
        options.CircuitBreakerMinimumThroughput = 1000;
        return options;
    }

    /// <summary>Creates options with the test settings, then <paramref name="configure"/>'s changes.</summary>
    /// <param name="configure">Changes, or null.</param>
    /// <returns>The options.</returns>
    public static DatabricksClientOptions Create(Action<DatabricksClientOptions>? configure = null)
    {
        var options = Apply(new DatabricksClientOptions());
        configure?.Invoke(options);
        return options;
    }
}

using Microsoft.Extensions.Logging;

namespace DeltaFunctions.Databricks.Auth;

/// <summary>
/// Caches a token from a token source and refreshes it the way the official SDKs do (reference §2.6): the
/// token is treated as expired <see cref="_expiryMargin"/> early (40 s for Entra ID, which rejects tokens with
/// 30 s or less left); from <c>expiry − min(TTL/2, 20 min)</c> on, the first caller starts one refresh in the
/// background while everyone keeps using the current token; a failed background refresh is tried again after
/// one minute at the earliest; an expired (or rejected) token makes callers wait for one shared refresh.
/// However many callers arrive at once, only one token request is in flight.
/// </summary>
internal sealed class CachingTokenProvider : IDatabricksAuthProvider
{
    private static readonly TimeSpan MaxRefreshLead = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan BackgroundRetryPause = TimeSpan.FromMinutes(1);

    private readonly Func<CancellationToken, Task<AuthToken>> _fetch;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _expiryMargin;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private AuthToken? _current;
    private Task<AuthToken>? _refresh;
    private DateTimeOffset _nextBackgroundAttempt = DateTimeOffset.MinValue;

    /// <summary>Creates the cache.</summary>
    /// <param name="authType">The method name, for logs.</param>
    /// <param name="fetch">Obtains a fresh token whose <see cref="AuthToken.ExpiresOn"/> is the raw expiry.</param>
    /// <param name="expiryMargin">How much earlier than its raw expiry a token counts as expired.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public CachingTokenProvider(
        string authType,
        Func<CancellationToken, Task<AuthToken>> fetch,
        TimeSpan expiryMargin,
        TimeProvider timeProvider,
        ILogger logger)
    {
        AuthType = authType;
        _fetch = fetch;
        _expiryMargin = expiryMargin;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string AuthType { get; }

    /// <inheritdoc />
    public ValueTask<AuthToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();

        // The common case, a cached token well before its refresh time, takes no lock: concurrent callers do not queue
        // on the gate just to read the same token. Anything else (refresh due, expired, none yet) decides under it.
        var cached = Volatile.Read(ref _current);
        if (cached is not null && (cached.ExpiresOn is not { } validUntil || now < validUntil) && (cached.RefreshAt is not { } due || now < due))
        {
            return ValueTask.FromResult(cached);
        }

        Task<AuthToken> pending;
        lock (_gate)
        {
            var current = _current;
            if (current is not null && (current.ExpiresOn is not { } expiry || now < expiry))
            {
                if (current.RefreshAt is { } refreshAt && now >= refreshAt && _refresh is null && now >= _nextBackgroundAttempt)
                {
                    StartRefreshLocked(background: true);
                }

                return ValueTask.FromResult(current);
            }

            pending = _refresh ?? StartRefreshLocked(background: false);
        }

        return new ValueTask<AuthToken>(pending.WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<AuthToken> RefreshAsync(AuthToken rejected, CancellationToken cancellationToken)
    {
        Task<AuthToken> pending;
        lock (_gate)
        {
            if (_current is not null && !ReferenceEquals(_current, rejected))
            {
                return ValueTask.FromResult(_current);
            }

            Log.TokenRejected(_logger, AuthType);
            _current = null;
            pending = _refresh ?? StartRefreshLocked(background: false);
        }

        return new ValueTask<AuthToken>(pending.WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"CachingTokenProvider({AuthType})";

    private Task<AuthToken> StartRefreshLocked(bool background)
    {
        var refresh = Task.Run(() => RefreshCoreAsync(background));
        _refresh = refresh;

        // A background refresh nobody waits for must not surface as an unobserved task exception.
        _ = refresh.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return refresh;
    }

    private async Task<AuthToken> RefreshCoreAsync(bool background)
    {
        Log.TokenRequesting(_logger, AuthType);
        try
        {
            var raw = await _fetch(_disposed.Token).ConfigureAwait(false);
            var token = Stamp(raw, _timeProvider.GetUtcNow());
            lock (_gate)
            {
                Volatile.Write(ref _current, token);
                _refresh = null;
            }

            if (token.ExpiresOn is { } expiresOn && token.RefreshAt is { } refreshAt)
            {
                Log.TokenObtained(_logger, AuthType, expiresOn, refreshAt);
            }

            return token;
        }
        catch (Exception exception)
        {
            DateTimeOffset? stillValidUntil;
            lock (_gate)
            {
                _refresh = null;
                stillValidUntil = _current?.ExpiresOn;
                if (background)
                {
                    _nextBackgroundAttempt = _timeProvider.GetUtcNow() + BackgroundRetryPause;
                }
            }

            if (background && stillValidUntil is { } until)
            {
                Log.BackgroundRefreshFailed(_logger, AuthType, until, exception);
            }
            else
            {
                Log.TokenFailed(_logger, AuthType, exception);
            }

            throw;
        }
    }

    private AuthToken Stamp(AuthToken raw, DateTimeOffset now)
    {
        if (raw.ExpiresOn is not { } rawExpiry)
        {
            return raw;
        }

        var expiresOn = rawExpiry - _expiryMargin;
        var ttl = expiresOn - now;
        var lead = ttl <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(ttl.Ticks / 2, MaxRefreshLead.Ticks));
        return new AuthToken(raw.AccessToken, expiresOn, raw.ExtraHeaders) { RefreshAt = expiresOn - lead };
    }
}

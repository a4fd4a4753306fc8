using System.Globalization;

namespace DeltaFunctions.Emulator.Faults;

/// <summary>Applies an armed fault rule to a matching request before anything else sees it.</summary>
internal sealed class FaultInjectionMiddleware(RequestDelegate next, FaultInjector faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var rule = path.StartsWith("/emulator/faults", StringComparison.OrdinalIgnoreCase) ? null : faults.Take(context.Request.Method, path);
        if (rule is null)
        {
            await next(context);
            return;
        }

        if (rule.LatencyMs is > 0)
        {
            // Latency exercises the caller's real timeouts, so it is wall-clock time even when the emulator runs on a fake clock.
            await Task.Delay(TimeSpan.FromMilliseconds(rule.LatencyMs.Value), TimeProvider.System, context.RequestAborted);
        }

        if (rule.ResetConnection == true)
        {
            context.Abort();
            return;
        }

        if (rule.LoseResponse == true)
        {
            await RunAndLoseResponseAsync(context);
            return;
        }

        if (rule.Status is not { } status)
        {
            await next(context);
            return;
        }

        if (rule.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        await ErrorHandlingMiddleware.WriteErrorAsync(
            context, status, rule.ErrorCode ?? DefaultErrorCode(status), rule.Message ?? DefaultMessage(status));
    }

    /// <summary>
    /// Runs the request to the end (the work is done, as on a server whose answer was lost on the way back), keeps the
    /// answer in memory and resets the connection before any of it is sent: the client sees a connection error after
    /// sending the whole request.
    /// </summary>
    private async Task RunAndLoseResponseAsync(HttpContext context)
    {
        var original = context.Response.Body;
        await using var swallowed = new MemoryStream();
        context.Response.Body = swallowed;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
            context.Abort();
        }
    }

    private static string DefaultErrorCode(int status) => status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "RESOURCE_CONFLICT",
        429 => "REQUEST_LIMIT_EXCEEDED",
        501 => "NOT_IMPLEMENTED",
        503 => "TEMPORARILY_UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL_ERROR",
    };

    private static string DefaultMessage(int status) => status switch
    {
        429 => "Too many requests. Please wait a moment and try again.",
        503 => "The service is temporarily unavailable. Please try again later.",
        _ => "Injected fault.",
    };
}

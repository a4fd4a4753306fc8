using System.Globalization;
using System.Net.Http.Headers;

namespace DeltaFunctions.Databricks.Http;

/// <summary>Reads <c>Retry-After</c> in both forms: delta seconds (<c>120</c>) and an HTTP date.</summary>
internal static class RetryAfter
{
    /// <summary>The wait a response asks for, relative to <paramref name="timeProvider"/>'s now; null when none.</summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="timeProvider">The clock an HTTP date is measured against.</param>
    /// <returns>The wait (never negative), or null.</returns>
    public static TimeSpan? FromHeaders(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        if (headers.RetryAfter is { } value)
        {
            if (value.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (value.Date is { } date)
            {
                var wait = date - timeProvider.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        // A value the typed parser refused (e.g. "1.5"): accept fractional seconds, ignore the rest.
        if (headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    /// <summary>Parses a google.rpc duration such as <c>2s</c> or <c>1.5s</c> (RetryInfo.retry_delay).</summary>
    /// <param name="value">The duration text.</param>
    /// <returns>The duration, or null when it does not parse.</returns>
    public static TimeSpan? FromProtoDuration(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}

namespace DeltaFunctions.TestUtilities.Emulator;

/// <summary>Polls a condition that background work will make true, with a short real-time interval and a hard limit.</summary>
public static class Poll
{
    /// <summary>Re-evaluates <paramref name="probe"/> until it returns a value accepted by <paramref name="done"/>.</summary>
    /// <typeparam name="T">The probed value.</typeparam>
    /// <param name="probe">Reads the current value.</param>
    /// <param name="done">Decides whether the value is final.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="limit">The longest wait; 30 seconds when null.</param>
    /// <returns>The accepted value.</returns>
    /// <exception cref="TimeoutException">The value never became final.</exception>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, CancellationToken cancellationToken = default, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = Environment.TickCount64 + (long)(limit ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        while (true)
        {
            var value = await probe().ConfigureAwait(false);
            if (done(value))
            {
                return value;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"The condition was not met in time; last value: {value}");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }
}

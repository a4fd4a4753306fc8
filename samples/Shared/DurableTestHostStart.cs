using Microsoft.DurableTask.Testing;

namespace DeltaFunctions.Samples;

/// <summary>
/// Starts the in-process Durable test host, again when its gRPC sidecar lost the race for the port it picked at random
/// (the package chooses a free port, then binds it; another process can bind it in between). Any other failure, and a
/// third clash, propagate.
/// </summary>
internal static class DurableTestHostStart
{
    /// <summary>Runs <paramref name="start"/> until the host starts, retrying only a port clash, at most twice.</summary>
    public static async Task<DurableTaskTestHost> RetryingPortClashAsync(Func<Task<DurableTaskTestHost>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start().ConfigureAwait(false);
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }
}

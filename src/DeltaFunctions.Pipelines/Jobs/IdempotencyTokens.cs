using System.Security.Cryptography;
using System.Text;

namespace DeltaFunctions.Pipelines.Jobs;

/// <summary>
/// Derives Databricks <c>idempotency_token</c>s from the orchestration instance and the step, so the same step of
/// the same orchestration always sends the same token: activity retries and orchestration replays get the run
/// already started back from Databricks instead of starting another.
/// </summary>
public static class IdempotencyTokens
{
    /// <summary>The token for one step: <c>df-</c> and 40 hex digits of SHA-256 over the instance id and step key (43 characters, within Databricks' 64).</summary>
    /// <param name="instanceId">The orchestration instance id.</param>
    /// <param name="stepKey">The step's key.</param>
    /// <returns>The token.</returns>
    public static string ForJobStep(string instanceId, string stepKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(stepKey);

        // Length-prefixed so ("a/b", "c") and ("a", "b/c") never collide.
        var text = $"{instanceId.Length}:{instanceId}/{stepKey.Length}:{stepKey}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return "df-" + Convert.ToHexStringLower(hash)[..40];
    }
}

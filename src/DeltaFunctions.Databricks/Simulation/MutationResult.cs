namespace DeltaFunctions.Databricks.Simulation;

/// <summary>
/// The result of a mutating call that returns no data (cancel a run, reset or delete a job, Files upload, delete,
/// create directory): either it was sent (<see cref="Sent"/>), or, under dry run, what would have been sent.
/// </summary>
public sealed record MutationResult : IDryRunResult
{
    private MutationResult(IReadOnlyList<DryRunRequest> dryRun) => DryRunRequests = dryRun;

    /// <summary>Gets the result of a call that was sent and accepted.</summary>
    public static MutationResult Sent { get; } = new(Array.Empty<DryRunRequest>());

    /// <inheritdoc/>
    public bool IsDryRun => DryRunRequests.Count > 0;

    /// <inheritdoc/>
    public IReadOnlyList<DryRunRequest> DryRunRequests { get; }

    /// <summary>Creates the result of a call that was not sent.</summary>
    /// <param name="request">What would have been sent.</param>
    /// <returns>The result.</returns>
    public static MutationResult NotSent(DryRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new MutationResult([request]);
    }
}

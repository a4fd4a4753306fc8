using DeltaFunctions.Pipelines.Handlers;
using DeltaFunctions.Pipelines.Jobs;
using DeltaFunctions.Pipelines.Maintenance;
using DeltaFunctions.Pipelines.Messaging;

namespace DeltaFunctions.Demo;

/// <summary>What the three flows of the <see cref="MainJob"/> returned.</summary>
public sealed record MainJobSummary
{
    /// <summary>Rows per demo table before the first message.</summary>
    public required IReadOnlyDictionary<string, long> RowCountsBefore { get; init; }

    /// <summary>Each delivery of a merge message with the handler's outcome, in delivery order.</summary>
    public required IReadOnlyList<MergeDelivery> Merges { get; init; }

    /// <summary>What <see cref="JobRunWorkflow"/> returned.</summary>
    public required JobRunResult Job { get; init; }

    /// <summary>What <see cref="MaintenanceWorkflow"/> returned.</summary>
    public required MaintenanceSummary Maintenance { get; init; }

    /// <summary>The wall-clock time of the whole run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Whether every flow worked: no message left for redelivery (transient) or refused by the workspace although it
    /// was valid (in the demo that means the engine and the demo data disagree), the job succeeded and every table was
    /// maintained. A message dead-lettered for invalid input is the flow working as designed.
    /// </summary>
    public bool Succeeded =>
        Merges.All(m => m.Outcome is HandlerOutcome<MergeRequestResult>.Done
            or HandlerOutcome<MergeRequestResult>.Invalid { Reason: HandlerReasons.InvalidRequest or HandlerReasons.IncompatibleRows })
        && Job.Outcome == JobRunOutcome.Succeeded
        && Maintenance.Failed == 0
        && Maintenance.Tables.Count > 0;
}

/// <summary>One delivery of a merge message and what came of it.</summary>
public sealed record MergeDelivery
{
    /// <summary>The delivery.</summary>
    public required QueuedMessage Message { get; init; }

    /// <summary>What the handler decided: complete, dead-letter or abandon.</summary>
    public required HandlerOutcome<MergeRequestResult> Outcome { get; init; }

    /// <summary>Rows per demo table after the delivery.</summary>
    public required IReadOnlyDictionary<string, long> RowCountsAfter { get; init; }
}

using DeltaFunctions.Pipelines.Merge;

namespace DeltaFunctions.Pipelines.Handlers;

/// <summary>The result of a merge request that was carried out: the MERGE's own metrics.</summary>
public sealed record MergeRequestResult
{
    /// <summary>The target table as sent.</summary>
    public required string TargetTable { get; init; }

    /// <summary>Upsert or append.</summary>
    public required MergeMode Mode { get; init; }

    /// <summary>The batch id an append recorded (the request's <c>batchId</c>, else the message id); null for upserts.</summary>
    public string? BatchId { get; init; }

    /// <summary>The rows the request carried (inline requests only; null for a staged source).</summary>
    public long? SourceRows { get; init; }

    /// <summary>Rows inserted (<c>num_inserted_rows</c>).</summary>
    public long RowsInserted { get; init; }

    /// <summary>Rows updated (<c>num_updated_rows</c>).</summary>
    public long RowsUpdated { get; init; }

    /// <summary>Rows deleted (<c>num_deleted_rows</c>).</summary>
    public long RowsDeleted { get; init; }

    /// <summary>Rows affected in all (<c>num_affected_rows</c>).</summary>
    public long RowsAffected { get; init; }

    /// <summary>
    /// True when an append found its batch already in the table and inserted nothing: a redelivery of a message that
    /// was applied before.
    /// </summary>
    public bool AlreadyApplied { get; init; }

    /// <summary>True when nothing was sent (the request's <c>dryRun</c>, or the App's <c>Databricks:DryRun</c>); the row counts are then 0.</summary>
    public bool DryRun { get; init; }

    /// <summary>With <see cref="DryRun"/>, what would have been sent: the MERGE and its parameters (and a staged file's upload and delete).</summary>
    public IReadOnlyList<DryRunStatement>? DryRunStatements { get; init; }
}

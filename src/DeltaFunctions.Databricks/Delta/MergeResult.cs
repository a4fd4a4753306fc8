namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of <see cref="MergeBuilder.ExecuteAsync"/>: the metrics a MERGE returns (reference §6.4).</summary>
public sealed record MergeResult : DeltaOperationResult
{
    /// <summary>Gets the number of target rows affected (<c>num_affected_rows</c>).</summary>
    public long NumAffectedRows { get; init; }

    /// <summary>Gets the number of rows updated (<c>num_updated_rows</c>).</summary>
    public long NumUpdatedRows { get; init; }

    /// <summary>Gets the number of rows deleted (<c>num_deleted_rows</c>).</summary>
    public long NumDeletedRows { get; init; }

    /// <summary>Gets the number of rows inserted (<c>num_inserted_rows</c>).</summary>
    public long NumInsertedRows { get; init; }
}

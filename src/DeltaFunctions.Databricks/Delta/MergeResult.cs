namespace DeltaFunctions.Databricks.Delta;

/// <summary>The metrics a MERGE returns (reference §6.4).</summary>
public sealed partial record MergeResult
{
    /// <summary>Gets the number of target rows affected.</summary>
    public long NumAffectedRows { get; init; }

    /// <summary>Gets the number of rows updated.</summary>
    public long NumUpdatedRows { get; init; }

    /// <summary>Gets the number of rows deleted.</summary>
    public long NumDeletedRows { get; init; }

    /// <summary>Gets the number of rows inserted.</summary>
    public long NumInsertedRows { get; init; }
}

namespace DeltaFunctions.Databricks.Delta;

/// <summary>The outcome of <see cref="DeltaClient.WriteTableAsync{T}"/> (INSERT result row, reference §6.4).</summary>
public sealed record DeltaWriteResult : DeltaOperationResult
{
    /// <summary>Gets the rows written (<c>num_affected_rows</c>).</summary>
    public long NumAffectedRows { get; init; }

    /// <summary>Gets the rows inserted (<c>num_inserted_rows</c>).</summary>
    public long NumInsertedRows { get; init; }

    /// <summary>Gets a value indicating whether the rows went through a staged file rather than a bound parameter.</summary>
    public bool Staged { get; init; }
}

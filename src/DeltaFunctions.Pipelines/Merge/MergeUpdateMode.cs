namespace DeltaFunctions.Pipelines.Merge;

/// <summary>How an upsert updates matched rows.</summary>
public enum MergeUpdateMode
{
    /// <summary><c>UPDATE SET *</c>: every column from the source row.</summary>
    All,

    /// <summary>Only the columns listed in <see cref="MergeClauses.UpdateColumns"/>.</summary>
    Columns,

    /// <summary>Matched rows are left as they are.</summary>
    None,
}

namespace DeltaFunctions.Pipelines.Merge;

/// <summary>How a <see cref="MergeRequest"/> writes its rows.</summary>
public enum MergeMode
{
    /// <summary><c>MERGE</c> on the key columns: naturally idempotent.</summary>
    Upsert,

    /// <summary>Insert every row; idempotent through the batch id.</summary>
    Append,
}

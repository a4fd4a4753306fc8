namespace DeltaFunctions.Databricks.Streaming;

/// <summary>How a streaming query writes its result to the sink.</summary>
public enum StreamingOutputMode
{
    /// <summary>Only new rows are written (the default).</summary>
    Append,

    /// <summary>The whole result is rewritten every trigger (aggregations).</summary>
    Complete,

    /// <summary>Changed rows are written; with a Delta table only through merge (foreachBatch).</summary>
    Update,
}

namespace DeltaFunctions.Pipelines.Merge;

/// <summary>The format of a staged source file.</summary>
public enum SourceFileFormat
{
    /// <summary>Apache Parquet.</summary>
    Parquet,

    /// <summary>JSON lines.</summary>
    Json,

    /// <summary>CSV with a header row.</summary>
    Csv,
}

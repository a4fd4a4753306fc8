using DeltaFunctions.Databricks.Jobs;

namespace DeltaFunctions.Databricks.Streaming;

/// <summary>What <see cref="StreamingJobBuilder.Build(string, ClusterSpec)"/> produces: the program and the job that runs it.</summary>
public sealed record StreamingJobDefinition
{
    /// <summary>Gets the generated PySpark program.</summary>
    public required string Program { get; init; }

    /// <summary>Gets where the program is to be uploaded (a workspace or Volume path ending in <c>.py</c>).</summary>
    public required string ProgramPath { get; init; }

    /// <summary>Gets the job settings: one Spark Python task running the program, continuous or scheduled.</summary>
    public required JobSettings Settings { get; init; }
}

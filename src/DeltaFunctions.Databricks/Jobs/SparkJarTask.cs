namespace DeltaFunctions.Databricks.Jobs;

/// <summary>A Spark JAR task (<c>spark_jar_task</c>); the JAR itself comes through a <c>jar</c> library.</summary>
public sealed record SparkJarTask
{
    /// <summary>Gets the fully qualified name of the class holding the main method.</summary>
    public required string MainClassName { get; init; }

    /// <summary>Gets the arguments passed to the main method.</summary>
    public IReadOnlyList<string>? Parameters { get; init; }
}

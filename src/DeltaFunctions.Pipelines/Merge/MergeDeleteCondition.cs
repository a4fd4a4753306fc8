using System.Text.Json;

namespace DeltaFunctions.Pipelines.Merge;

/// <summary>
/// A delete condition on the source row: <c>WHEN MATCHED AND s.&lt;column&gt; = :value THEN DELETE</c>, the value
/// bound as a parameter (for example <c>{"column": "op", "value": "D"}</c>).
/// </summary>
public sealed record MergeDeleteCondition
{
    /// <summary>The source column to test (raw column name).</summary>
    public required string Column { get; init; }

    /// <summary>The value that marks a row for deletion: a JSON string, number or boolean.</summary>
    public required JsonElement Value { get; init; }
}

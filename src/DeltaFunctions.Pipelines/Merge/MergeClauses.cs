namespace DeltaFunctions.Pipelines.Merge;

/// <summary>
/// The clauses of an upsert: what happens to a source row that matches a target row (delete when a column holds a
/// given value, otherwise update), and whether unmatched source rows are inserted.
/// </summary>
public sealed record MergeClauses
{
    /// <summary>How matched rows are updated. <value>Default: <see cref="MergeUpdateMode.All"/>.</value></summary>
    public MergeUpdateMode Update { get; init; } = MergeUpdateMode.All;

    /// <summary>The columns to update when <see cref="Update"/> is <see cref="MergeUpdateMode.Columns"/> (key columns excluded).</summary>
    public IReadOnlyList<string>? UpdateColumns { get; init; }

    /// <summary>Delete matched target rows whose source row satisfies this condition (checked before the update).</summary>
    public MergeDeleteCondition? DeleteWhen { get; init; }

    /// <summary>Whether source rows with no match are inserted. <value>Default: true.</value></summary>
    public bool? Insert { get; init; }

    // Nullable so the source-generated serializer cannot reset the default (see JobRunRequest).
    internal bool EffectiveInsert => Insert ?? true;
}

namespace DeltaFunctions.Databricks.Sql;

/// <summary>One disposition/format pair a statement's result can be asked for.</summary>
/// <param name="Format">The format.</param>
/// <param name="Disposition">The disposition.</param>
/// <remarks>
/// A class with equality on the two strings, not a record struct: as a value type it instantiated framework generics the
/// library's ReadyToRun image cannot hold (the <c>(StatementResponse, ResultShape)</c> task of the submit path, the
/// ladder's LINQ, <c>EqualityComparer&lt;ResultFormat&gt;</c>), about 70 methods JIT-compiled on a cold start (#17).
/// </remarks>
internal sealed record ResultShape(ResultFormat Format, ResultDisposition Disposition)
{
    /// <inheritdoc />
    public bool Equals(ResultShape? other) =>
        other is not null && string.Equals(Format.Value, other.Format.Value, StringComparison.Ordinal)
        && string.Equals(Disposition.Value, other.Disposition.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        ((Format.Value?.GetHashCode(StringComparison.Ordinal) ?? 0) * 31) + (Disposition.Value?.GetHashCode(StringComparison.Ordinal) ?? 0);

    /// <inheritdoc />
    public override string ToString() => $"{Format.Value}+{Disposition.Value}";
}

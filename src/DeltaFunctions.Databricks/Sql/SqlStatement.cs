namespace DeltaFunctions.Databricks.Sql;

/// <summary>A SQL statement text with its named parameters, as a builder emits it and the service runs it.</summary>
/// <param name="Text">The statement text; every value is a <c>:name</c> marker.</param>
/// <param name="Parameters">The parameters the markers bind to.</param>
public sealed record SqlStatement(string Text, IReadOnlyList<StatementParameter> Parameters)
{
    /// <summary>Creates a statement without parameters.</summary>
    /// <param name="text">The statement text.</param>
    /// <returns>The statement.</returns>
    public static SqlStatement FromText(string text) => new(text, []);

    /// <inheritdoc/>
    public override string ToString() => Text;
}

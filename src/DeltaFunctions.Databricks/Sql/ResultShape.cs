namespace DeltaFunctions.Databricks.Sql;

/// <summary>One disposition/format pair a statement's result can be asked for.</summary>
/// <param name="Format">The format.</param>
/// <param name="Disposition">The disposition.</param>
internal readonly record struct ResultShape(ResultFormat Format, ResultDisposition Disposition)
{
    public override string ToString() => $"{Format.Value}+{Disposition.Value}";
}

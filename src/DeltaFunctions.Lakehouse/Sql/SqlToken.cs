namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>One token of a Databricks SQL statement.</summary>
/// <param name="Kind">The lexical class.</param>
/// <param name="Text">The text: unquoted and unescaped for identifiers and strings.</param>
/// <param name="Position">The offset of the token in the statement text.</param>
internal sealed record SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    /// <summary>Gets a value indicating whether the token is an unquoted identifier or a quoted one.</summary>
    public bool IsIdentifier => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    /// <summary>Returns whether the token is the given keyword (unquoted, case-insensitive).</summary>
    /// <param name="keyword">The keyword in any case.</param>
    /// <returns><see langword="true"/> when the token is that keyword.</returns>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns whether the token is the given symbol.</summary>
    /// <param name="symbol">The symbol text.</param>
    /// <returns><see langword="true"/> when the token is that symbol.</returns>
    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SqlTokenKind.String => "'" + Text + "'",
        SqlTokenKind.QuotedIdentifier => "`" + Text + "`",
        SqlTokenKind.Parameter => ":" + Text,
        SqlTokenKind.End => "end of input",
        _ => Text,
    };
}

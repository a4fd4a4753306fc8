namespace DeltaFunctions.Lakehouse.Sql;

/// <summary>The lexical class of a <see cref="SqlToken"/>.</summary>
internal enum SqlTokenKind
{
    /// <summary>An unquoted word: a keyword or an identifier.</summary>
    Word,

    /// <summary>A backtick-quoted identifier; the token text is the unquoted name.</summary>
    QuotedIdentifier,

    /// <summary>A string literal; the token text is the unescaped value.</summary>
    String,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A named parameter marker <c>:name</c>; the token text is the name.</summary>
    Parameter,

    /// <summary>An operator or punctuation.</summary>
    Symbol,

    /// <summary>The end of the input.</summary>
    End,
}

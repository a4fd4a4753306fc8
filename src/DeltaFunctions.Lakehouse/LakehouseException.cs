namespace DeltaFunctions.Lakehouse;

/// <summary>
/// A SQL-level failure, shaped as Databricks reports it: an error class, an SQLSTATE and a message that reads
/// <c>[ERROR_CLASS] text SQLSTATE: xxxxx</c>.
/// </summary>
public class LakehouseException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LakehouseException"/> class.</summary>
    /// <param name="errorClass">The Databricks error class, for example <c>TABLE_OR_VIEW_NOT_FOUND</c>.</param>
    /// <param name="sqlState">The five-character SQLSTATE, for example <c>42P01</c>.</param>
    /// <param name="text">The human-readable text without the class and state decorations.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public LakehouseException(string errorClass, string sqlState, string text, Exception? innerException = null)
        : base($"[{errorClass}] {text} SQLSTATE: {sqlState}", innerException)
    {
        ErrorClass = errorClass;
        SqlState = sqlState;
        Text = text;
    }

    /// <summary>Gets the error class, for example <c>DELTA_CONCURRENT_APPEND</c>.</summary>
    public string ErrorClass { get; }

    /// <summary>Gets the SQLSTATE.</summary>
    public string SqlState { get; }

    /// <summary>Gets the message text without the class and state decorations.</summary>
    public string Text { get; }
}

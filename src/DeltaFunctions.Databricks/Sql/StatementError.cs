namespace DeltaFunctions.Databricks.Sql;

/// <summary>The error of a failed statement.</summary>
public sealed record StatementError
{
    /// <summary>Gets the service's error code (for example <c>BAD_REQUEST</c>); open-ended.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the message, usually <c>[ERROR_CLASS.SUBCLASS] text … SQLSTATE: xxxxx</c>.</summary>
    public string? Message { get; init; }
}

namespace DeltaFunctions.Emulator;

/// <summary>A request-level failure the error middleware turns into a Databricks error body.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int statusCode, string errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public ApiException()
        : this(500, "INTERNAL_ERROR", "Internal error.")
    {
    }

    public ApiException(string message)
        : this(400, "INVALID_PARAMETER_VALUE", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        ErrorCode = "INTERNAL_ERROR";
    }

    /// <summary>Gets the HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the Databricks <c>error_code</c>.</summary>
    public string ErrorCode { get; }

    public static ApiException InvalidParameter(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    public static ApiException NotFound(string errorCode, string message) => new(404, errorCode, message);
}

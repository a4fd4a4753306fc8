using System.Text.Json;
using DeltaFunctions.Lakehouse;

namespace DeltaFunctions.Emulator;

/// <summary>
/// Turns failures into Databricks error bodies, so every error the emulator sends has the same shape, and stamps
/// every answer with an <c>x-request-id</c> header, as Databricks does, so clients can report it.
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // OnStarting survives Response.Clear(), so error answers carry the id too.
        context.Response.OnStarting(
            static state =>
            {
                var http = (HttpContext)state;
                http.Response.Headers["x-request-id"] = http.TraceIdentifier;
                return Task.CompletedTask;
            },
            context);
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteErrorAsync(context, e.StatusCode, e.ErrorCode, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteErrorAsync(context, 400, "MALFORMED_REQUEST", $"Could not parse request: {e.Message}");
        }
        catch (JsonException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteErrorAsync(context, 400, "MALFORMED_REQUEST", $"Could not parse request body: {e.Message}");
        }
        catch (LakehouseException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await WriteErrorAsync(context, 400, "INVALID_PARAMETER_VALUE", e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing to answer.
        }
    }

    /// <summary>Writes one Databricks error body with the request id in its details.</summary>
    public static Task WriteErrorAsync(HttpContext context, int statusCode, string errorCode, string message)
    {
        context.Response.StatusCode = statusCode;
        // Only an ErrorInfo detail, and always with its metadata object: the official JavaScript SDK reads
        // details[i].metadata unconditionally and fails to parse the whole error body without it, so a RequestInfo
        // detail (which has no metadata) would turn every error into an unparsed "Bad Request" there.
        var body = new ErrorBody(errorCode, message)
        {
            Details =
            [
                new ErrorDetail("type.googleapis.com/google.rpc.ErrorInfo")
                {
                    Reason = errorCode,
                    Domain = "emulator.databricks.local",
                    Metadata = new Dictionary<string, string> { ["request_id"] = context.TraceIdentifier },
                },
            ],
        };
        return context.Response.WriteAsJsonAsync(body, EmulatorJsonContext.Default.ErrorBody, cancellationToken: context.RequestAborted);
    }
}

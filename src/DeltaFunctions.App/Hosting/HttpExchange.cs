using System.Net;
using Microsoft.Azure.Functions.Worker.Http;

namespace DeltaFunctions.App.Hosting;

/// <summary>Reads request bodies and writes <see cref="HttpReply"/>s decided by Pipelines onto HttpResponseData.</summary>
internal static class HttpExchange
{
    public static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpReply reply, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse((HttpStatusCode)reply.StatusCode);
        response.Headers.Add("Content-Type", reply.ContentType);
        if (reply.RetryAfterHeader is { } retryAfter)
        {
            response.Headers.Add("Retry-After", retryAfter);
        }

        await response.Body.WriteAsync(reply.Body, cancellationToken);
        return response;
    }
}

using System.Collections.Concurrent;

namespace DeltaFunctions.TestUtilities.Http;

/// <summary>
/// A <see cref="DelegatingHandler"/> over a real <see cref="SocketsHttpHandler"/> that records the method and path
/// (with query) of every request that reaches it, so a test can prove how many requests a client really sent. Give
/// it to a client with <c>new HttpClient(handler)</c> and <see cref="TestDatabricksClients.Create"/>'s httpClient.
/// </summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>Gets every request sent so far as <c>METHOD /path?query</c>, in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Gets how many requests were sent.</summary>
    public int Count => _requests.Count;

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _requests.Enqueue(request.Method.Method + " " + request.RequestUri!.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}

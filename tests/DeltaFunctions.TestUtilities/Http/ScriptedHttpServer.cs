using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DeltaFunctions.TestUtilities.Http;

/// <summary>
/// A real HTTP server on 127.0.0.1 with a free port (Kestrel, port 0) that records every request and answers from a
/// script: handlers mapped by path first, then a FIFO queue of responses, then <see cref="Fallback"/>. For client
/// tests that need exact failure shapes (error bodies, Retry-After, dropped connections) over a socket.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _queue = new();
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, Task<ScriptedResponse>>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    private ScriptedHttpServer(WebApplication app) => _app = app;

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The answer when no route matches and the queue is empty: 500 with a message saying so.</summary>
    public Func<RecordedRequest, ScriptedResponse> Fallback { get; set; } = request =>
        ScriptedResponse.Error(500, "INTERNAL_ERROR", $"No scripted response for {request.Method} {request.Path}");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests.OrderBy(r => r.ReceivedAt)];

    /// <summary>Starts a server.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static Task<ScriptedHttpServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(https: false, cancellationToken);

    /// <summary>Starts a server, over TLS with a fresh self-signed certificate when <paramref name="https"/> is set.</summary>
    /// <param name="https">Serve HTTPS (clients must accept the self-signed certificate).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<ScriptedHttpServer> StartAsync(bool https, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (https)
            {
                listen.UseHttps(SelfSignedCertificate());
            }
        }));
        var app = builder.Build();
        var server = new ScriptedHttpServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Queues responses for requests that match no route, answered in order.</summary>
    /// <param name="responses">The responses.</param>
    public void Enqueue(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _queue.Enqueue(response);
        }
    }

    /// <summary>Answers every request to <paramref name="path"/> with <paramref name="handler"/> (runs concurrently).</summary>
    /// <param name="path">The exact path.</param>
    /// <param name="handler">Produces the answer.</param>
    public void Map(string path, Func<RecordedRequest, ScriptedResponse> handler) => _routes[path] = r => Task.FromResult(handler(r));

    /// <summary>Answers every request to <paramref name="path"/> with an asynchronous handler (e.g. one that waits for a gate).</summary>
    /// <param name="path">The exact path.</param>
    /// <param name="handler">Produces the answer.</param>
    public void MapAsync(string path, Func<RecordedRequest, Task<ScriptedResponse>> handler) => _routes[path] = handler;

    /// <summary>Waits (real time, polling) until at least <paramref name="count"/> requests arrived.</summary>
    /// <param name="count">The number of requests.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="path">Only count requests to this path, or null for all.</param>
    /// <returns>A task that completes when they arrived.</returns>
    public async Task WaitForRequestsAsync(int count, CancellationToken cancellationToken, string? path = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while ((path is null ? _requests.Count : _requests.Count(r => r.Path == path)) < count)
        {
            await Task.Delay(5, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The requests to one path.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The requests in arrival order.</returns>
    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. Requests.Where(r => r.Path == path)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            headers,
            body,
            Interlocked.Increment(ref _count) - 1);
        _requests.Enqueue(request);

        var response = _routes.TryGetValue(request.Path, out var handler)
            ? await handler(request).ConfigureAwait(false)
            : _queue.TryDequeue(out var queued) ? queued : Fallback(request);

        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (response.Abort)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.BodyBytes is { } binary)
        {
            context.Response.ContentType = response.ContentType;
            context.Response.ContentLength = binary.Length;
            var sent = Math.Min(response.AbortAfterBodyBytes ?? binary.Length, binary.Length);
            await context.Response.Body.WriteAsync(binary.AsMemory(0, sent), context.RequestAborted).ConfigureAwait(false);
            if (sent < binary.Length)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted).ConfigureAwait(false);
                context.Abort();
            }

            return;
        }

        if (response.Body is not null && response.AbortAfterBodyBytes is { } cut)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentType = response.ContentType;
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, Math.Min(cut, bytes.Length)), context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

            // A reset can discard bytes the client has not read yet; give it a moment to take them first.
            await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted).ConfigureAwait(false);
            context.Abort();
            return;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}

using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DeltaFunctions.Emulator.Tests;

/// <summary>
/// Sends one HTTP/1.1 request over a plain socket with the request target exactly as written, so tests can send the
/// path spellings (<c>/API/</c>, <c>%61pi</c>, <c>//</c>, <c>./</c>) that <see cref="Uri"/> and HttpClient would rewrite.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Body)> SendAsync(
        Uri baseAddress, string method, string target, string? authorization, byte[]? body, string contentType, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {baseAddress.Authority}\r\n")
            .Append("Connection: close\r\n");
        if (authorization is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        body ??= [];
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);

        using var reader = new MemoryStream();
        try
        {
            await stream.CopyToAsync(reader, cancellationToken);
        }
        catch (IOException) when (reader.Length > 0)
        {
            // The server may reset after answering (for example after refusing an oversized body); the answer is read.
        }

        var text = Encoding.UTF8.GetString(reader.ToArray());
        var statusLine = text.AsSpan(0, Math.Max(0, text.IndexOf('\r', StringComparison.Ordinal)));
        var parts = statusLine.ToString().Split(' ');
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidOperationException($"No HTTP answer to {method} {target}: '{text}'");
        }

        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? string.Empty : text[(bodyStart + 4)..]);
    }
}

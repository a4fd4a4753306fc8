using K4os.Compression.LZ4.Streams;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>Undoes the <c>result_compression</c> of a downloaded chunk or attachment before it is parsed.</summary>
internal static class ResultPayload
{
    /// <summary>
    /// Decodes a <c>result.attachment</c>: the chunk's Arrow IPC stream, base64-encoded (and an LZ4 frame when the
    /// manifest says <c>LZ4_FRAME</c>), as serverless warehouses send INLINE Arrow results.
    /// </summary>
    /// <param name="attachment">The base64 text.</param>
    /// <param name="compression">The manifest's <c>result_compression</c>, null when absent.</param>
    /// <returns>The Arrow IPC stream bytes.</returns>
    /// <exception cref="InvalidDataException">The text is not base64, or not a valid LZ4 frame.</exception>
    public static byte[] FromAttachment(string attachment, string? compression)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(attachment);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException("A result attachment is not valid base64.", e);
        }

        return Decompress(bytes, compression);
    }

    /// <summary>
    /// Returns the chunk's plain bytes: an <c>LZ4_FRAME</c> chunk is decoded with K4os' LZ4 frame decoder, an
    /// uncompressed one (no codec, or <c>NONE</c>) is returned as is.
    /// </summary>
    /// <param name="bytes">The bytes as received.</param>
    /// <param name="compression">The manifest's <c>result_compression</c>, null when absent.</param>
    /// <returns>The uncompressed bytes.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid LZ4 frame, or the codec is unknown.</exception>
    public static byte[] Decompress(byte[] bytes, string? compression)
    {
        if (bytes.Length == 0 || !IsCompressed(compression))
        {
            return bytes;
        }

        try
        {
            using var frame = LZ4Stream.Decode(new MemoryStream(bytes, writable: false), extraMemory: 0, leaveOpen: false);
            using var plain = new MemoryStream((int)Math.Min(bytes.Length * 4L, 64L * 1024 * 1024));
            frame.CopyTo(plain);
            return plain.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidDataException("A result chunk marked LZ4_FRAME is not a valid LZ4 frame.", e);
        }
    }

    /// <summary>
    /// Returns a stream of the chunk's plain bytes read from <paramref name="body"/> as it arrives: an LZ4 frame decoder
    /// over it for <c>LZ4_FRAME</c> (leaving <paramref name="body"/> open), <paramref name="body"/> itself otherwise.
    /// </summary>
    /// <param name="body">The chunk as received.</param>
    /// <param name="compression">The manifest's <c>result_compression</c>, null when absent.</param>
    /// <returns>The plain stream; the caller disposes it when it is not <paramref name="body"/>.</returns>
    /// <exception cref="InvalidDataException">The codec is unknown.</exception>
    public static Stream Decompressing(Stream body, string? compression) =>
        IsCompressed(compression) ? LZ4Stream.Decode(body, extraMemory: 0, leaveOpen: true) : body;

    private static bool IsCompressed(string? compression)
    {
        if (compression is null || string.Equals(compression, ResultCompression.None.Value, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.Equals(compression, ResultCompression.Lz4Frame.Value, StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new InvalidDataException($"The result is compressed with {compression}, which this client cannot decode; only LZ4_FRAME is supported.");
    }
}

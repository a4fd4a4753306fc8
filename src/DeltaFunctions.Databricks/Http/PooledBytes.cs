using System.Buffers;

namespace DeltaFunctions.Databricks.Http;

/// <summary>
/// A downloaded body in an array rented from <see cref="ArrayPool{T}.Shared"/>: the first <see cref="Length"/> bytes
/// are the body. <see cref="Return"/> gives the array back for the next body (an API answer, or a JSON_ARRAY chunk,
/// a multi-megabyte array whose fresh copy per chunk cost fresh large-object pages each time); the bytes are not
/// readable after it, so whatever was decoded from them must hold copies.
/// </summary>
internal sealed class PooledBytes
{
    private byte[]? _array;

    private PooledBytes(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>Gets the number of bytes of the body.</summary>
    public int Length { get; }

    /// <summary>Gets the body's bytes.</summary>
    /// <exception cref="ObjectDisposedException">The array was returned.</exception>
    public ReadOnlyMemory<byte> Memory =>
        (_array ?? throw new ObjectDisposedException(nameof(PooledBytes), "The body was returned to the pool once decoded; it cannot be read again.")).AsMemory(0, Length);

    /// <summary>Reads <paramref name="stream"/> to its end into a rented array, doubled whenever it fills.</summary>
    /// <param name="stream">The body.</param>
    /// <param name="expectedLength">
    /// The length the sender announced (Content-Length, a manifest's byte count), or null. The first array holds it
    /// plus one, so an exact body is read without growing or copying; a wrong length only costs growth.
    /// </param>
    /// <param name="maxFirstSize">
    /// How far the announced length is trusted: the first array is never larger, so a wrong or hostile length cannot
    /// make the client rent gigabytes before a byte arrives.
    /// </param>
    /// <param name="fallbackSize">The first array's size when no length was announced.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body.</returns>
    public static async Task<PooledBytes> ReadAllAsync(Stream stream, long? expectedLength, int maxFirstSize, int fallbackSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(expectedLength is > 0 ? (int)Math.Min(expectedLength.Value + 1, maxFirstSize) : fallbackSize);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBytes(buffer, filled);
                }

                filled += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Gives the array back to the pool, once; later reads of <see cref="Memory"/> throw.</summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}

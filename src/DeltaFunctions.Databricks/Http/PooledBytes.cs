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
    private readonly ArrayPool<byte> _pool;
    private byte[]? _array;

    private PooledBytes(ArrayPool<byte> pool, byte[] array, int length)
    {
        _pool = pool;
        _array = array;
        Length = length;
    }

    /// <summary>Gets the number of bytes of the body.</summary>
    public int Length { get; }

    /// <summary>Gets the body's bytes.</summary>
    /// <exception cref="ObjectDisposedException">The array was returned.</exception>
    public ReadOnlyMemory<byte> Memory =>
        (_array ?? throw new ObjectDisposedException(nameof(PooledBytes), "The body was returned to the pool once decoded; it cannot be read again.")).AsMemory(0, Length);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into an array rented from <see cref="ArrayPool{T}.Shared"/>,
    /// doubled whenever it fills; see <see cref="ReadAllAsync(ArrayPool{byte}, Stream, long?, int, int, int, CancellationToken)"/>.
    /// </summary>
    /// <param name="stream">The body.</param>
    /// <param name="expectedLength">The length the sender announced (Content-Length, a manifest's byte count), or null.</param>
    /// <param name="maxFirstSize">How far the announced length is trusted.</param>
    /// <param name="fallbackSize">The first array's size when no length was announced.</param>
    /// <param name="maxLength">The longest body read; <see cref="Array.MaxLength"/> but in tests.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or null when it is longer than <paramref name="maxLength"/>.</returns>
    public static Task<PooledBytes?> ReadAllAsync(Stream stream, long? expectedLength, int maxFirstSize, int fallbackSize, int maxLength, CancellationToken cancellationToken) =>
        ReadAllAsync(ArrayPool<byte>.Shared, stream, expectedLength, maxFirstSize, fallbackSize, maxLength, cancellationToken);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into an array rented from <paramref name="pool"/>, doubled whenever it
    /// fills, up to <paramref name="maxLength"/> bytes. A longer body is not an error here but null, so each caller
    /// reports it as the answer or chunk it was; every array rented is back in the pool by then, as when the read
    /// fails or is cancelled.
    /// </summary>
    /// <param name="pool">The pool the arrays come from and go back to.</param>
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
    /// <param name="maxLength">
    /// The longest body read: <see cref="Array.MaxLength"/>, the most one array holds (tests set less). The array grows
    /// to it, not past it (doubling a gigabyte would overflow), and one more byte proves the body longer.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or null when it is longer than <paramref name="maxLength"/>.</returns>
    public static async Task<PooledBytes?> ReadAllAsync(
        ArrayPool<byte> pool, Stream stream, long? expectedLength, int maxFirstSize, int fallbackSize, int maxLength, CancellationToken cancellationToken)
    {
        var buffer = pool.Rent(expectedLength is > 0 ? (int)Math.Min(expectedLength.Value + 1, maxFirstSize) : fallbackSize);
        var filled = 0;
        try
        {
            while (true)
            {
                var capacity = Math.Min(buffer.Length, maxLength);
                if (filled == capacity && capacity == maxLength)
                {
                    // Full at the limit: the body fits only if the stream has nothing more.
                    var more = await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false);
                    if (more == 0)
                    {
                        return new PooledBytes(pool, buffer, filled);
                    }

                    pool.Return(buffer);
                    return null;
                }

                if (filled == capacity)
                {
                    var larger = pool.Rent((int)Math.Min(buffer.Length * 2L, maxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                    capacity = Math.Min(buffer.Length, maxLength);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled, capacity - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBytes(pool, buffer, filled);
                }

                filled += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    /// <summary>Gives the array back to the pool, once; later reads of <see cref="Memory"/> throw.</summary>
    public void Return()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            _pool.Return(array);
        }
    }
}

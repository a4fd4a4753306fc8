using System.Buffers;
using Apache.Arrow.Memory;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Allocates the bodies of Arrow batches decoded from a stream on the managed heap. Arrow's default allocator takes
/// native memory that only <see cref="IDisposable.Dispose"/> or a finalizer frees, and reports each block to the GC as
/// memory pressure; the client hands out batches (and rows that stay valid after the stream moves on) that callers
/// may never dispose, so every chunk left native blocks to finalizers and induced collections. A managed body is plain
/// garbage once unreachable. <see cref="Pooled"/> takes bodies from <see cref="ArrayPool{T}.Shared"/> and returns one
/// when its batch is disposed, so the next batch reuses memory already touched instead of fresh large-object pages (a
/// fresh multi-megabyte array per batch cost the read as much CPU again as decoding it); it serves readers whose
/// batches are disposed once read (record batches, which callers dispose, and mapped rows, which copy their values).
/// <see cref="Unpooled"/> allocates exact arrays for rows that are views a caller may keep: nothing would return them,
/// and a pooled array is larger than asked for. Bodies are not cleared: the stream reader overwrites every byte it
/// asked for (a short read throws), and Arrow reads nothing beyond a buffer's length.
/// </summary>
internal sealed class ManagedArrowAllocator : MemoryAllocator
{
    private readonly bool _pooled;

    private ManagedArrowAllocator(bool pooled)
    {
        _pooled = pooled;
    }

    /// <summary>Gets the allocator whose bodies return to the shared array pool when their batch is disposed.</summary>
    public static ManagedArrowAllocator Pooled { get; } = new(pooled: true);

    /// <summary>Gets the allocator of exact arrays that only the GC reclaims.</summary>
    public static ManagedArrowAllocator Unpooled { get; } = new(pooled: false);

    /// <inheritdoc />
    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        bytesAllocated = length;
        return _pooled ? new PooledBody(ArrayPool<byte>.Shared.Rent(length), length) : new Body(new byte[length]);
    }

    /// <summary>A body of the pool: returned on the first dispose, never on a later one.</summary>
    private sealed class PooledBody(byte[] array, int length) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory { get; } = array.AsMemory(0, length);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }

    /// <summary>A body left to the GC; disposing it is harmless.</summary>
    private sealed class Body(byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = array;

        public void Dispose()
        {
        }
    }
}

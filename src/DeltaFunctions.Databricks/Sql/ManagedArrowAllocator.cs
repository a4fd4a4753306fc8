using System.Buffers;
using System.Runtime.ConstrainedExecution;
using Apache.Arrow.Memory;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Allocates the bodies of Arrow batches decoded from a stream on the managed heap, from
/// <see cref="ArrayPool{T}.Shared"/>, so the next batch reuses memory already touched instead of fresh large-object
/// pages (a fresh multi-megabyte array per batch cost the read as much CPU again as decoding it). Arrow's default
/// allocator takes native memory that only <see cref="IDisposable.Dispose"/> or a finalizer frees, and reports each
/// block to the GC as memory pressure; the client hands out batches (and rows that stay valid after the stream moves
/// on) that callers may never dispose. Bodies are not cleared: the stream reader overwrites every byte it asked for
/// (a short read throws), and Arrow reads nothing beyond a buffer's length.
/// <see cref="Pooled"/> returns a body when its batch is disposed: for readers whose batches are disposed once read
/// (record batches, which callers dispose, and mapped rows, which copy their values).
/// <see cref="Recycled"/> returns a body only once nothing can read it any more, for <see cref="SqlRow"/> views a
/// caller may keep for as long as it likes: see <see cref="RecycledBody"/>.
/// </summary>
internal sealed class ManagedArrowAllocator : MemoryAllocator
{
    private readonly bool _returnedOnDispose;

    private ManagedArrowAllocator(bool returnedOnDispose)
    {
        _returnedOnDispose = returnedOnDispose;
    }

    /// <summary>Gets the allocator whose bodies return to the shared array pool when their batch is disposed.</summary>
    public static ManagedArrowAllocator Pooled { get; } = new(returnedOnDispose: true);

    /// <summary>Gets the allocator whose bodies return to the shared array pool once their batch is unreachable.</summary>
    public static ManagedArrowAllocator Recycled { get; } = new(returnedOnDispose: false);

    /// <inheritdoc />
    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        bytesAllocated = length;
        var array = ArrayPool<byte>.Shared.Rent(length);
        return _returnedOnDispose ? new PooledBody(array, length) : new RecycledBody(array, length);
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

    /// <summary>
    /// A body of the pool that its finalizer returns, once the GC found nothing referencing it; disposing it does
    /// nothing. Arrow's stream reader hands the body to the <see cref="Apache.Arrow.RecordBatch"/> it decodes (the
    /// batch's arrays slice the body's memory without referencing the body), and the client keeps that batch wherever
    /// it reads the arrays: <see cref="RowBlock"/> holds it for as long as it holds the columns reading its memory, and
    /// a <see cref="SqlRow"/> holds its block. So the body is unreachable only when no row, block, column or batch
    /// over its memory is, and no value read from it refers to it (numbers are copied, strings decoded, every other
    /// type decoded to new objects when the block is made). A critical finalizer runs after the ordinary finalizers
    /// of objects collected with it, so a caller's finalizer still reads the rows it holds intact.
    /// </summary>
    private sealed class RecycledBody(byte[] array, int length) : CriticalFinalizerObject, IMemoryOwner<byte>
    {
        private readonly byte[] _array = array;

        ~RecycledBody()
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        public Memory<byte> Memory { get; } = array.AsMemory(0, length);

        public void Dispose()
        {
        }
    }
}

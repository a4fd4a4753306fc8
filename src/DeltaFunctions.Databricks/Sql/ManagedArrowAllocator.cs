using System.Buffers;
using Apache.Arrow.Memory;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Allocates the bodies of Arrow batches decoded from a stream on the managed heap. Arrow's default allocator takes
/// native memory that only <see cref="IDisposable.Dispose"/> or a finalizer frees, and reports each block to the GC as
/// memory pressure; the client hands out batches (and rows that stay valid after the stream moves on) that callers
/// may never dispose, so every chunk left native blocks to finalizers and induced collections. Managed bodies are
/// plain garbage once unreachable, and disposing a batch stays harmless.
/// </summary>
internal sealed class ManagedArrowAllocator : MemoryAllocator
{
    private ManagedArrowAllocator()
    {
    }

    /// <summary>Gets the one instance (the allocator keeps no state besides Arrow's statistics).</summary>
    public static ManagedArrowAllocator Instance { get; } = new();

    /// <inheritdoc />
    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        bytesAllocated = length;
        return new Owner(new byte[length]);
    }

    private sealed class Owner(byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = array;

        public void Dispose()
        {
        }
    }
}

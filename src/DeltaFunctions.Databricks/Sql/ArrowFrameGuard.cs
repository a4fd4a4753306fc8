using System.Buffers;
using System.Buffers.Binary;
using DeltaFunctions.Databricks.Http;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Passes an Arrow IPC stream through to <see cref="Apache.Arrow.Ipc.ArrowStreamReader"/> after checking the lengths
/// each message declares against the bytes that actually follow. The reader sizes its buffers from those lengths
/// before reading a byte of what they describe (the metadata from the 4-byte prefix, the body from the metadata's
/// <c>bodyLength</c>), so a hostile or corrupt chunk declaring 2 GB would make it allocate 2 GB, and a negative or
/// larger-than-int length ends in an escaped <see cref="ArgumentOutOfRangeException"/> or
/// <see cref="OverflowException"/>. Here the prefix and metadata are read ahead into a pooled array that grows only
/// as bytes arrive, and a body declared above <see cref="TrustedBodyLength"/> is read ahead the same way before the
/// reader sees its length; a smaller body passes straight through, uncopied. A length that is negative, too large, or
/// longer than the stream, and a stream that ends inside a message, throw <see cref="InvalidDataException"/>.
/// </summary>
/// <param name="inner">The plain (decompressed) Arrow IPC stream; left open.</param>
internal sealed class ArrowFrameGuard(Stream inner) : ForwardOnlyStream
{
    /// <summary>
    /// The largest body whose declared length the reader may allocate before its bytes arrive; a larger one is read
    /// ahead first, as its bytes come (one more copy, for bodies of this size only).
    /// </summary>
    internal const int TrustedBodyLength = 16 << 20;

    private const int ContinuationToken = -1;
    private const int FirstBuffer = 4096;

    // Message.bodyLength is field 3 of the flatbuffer table (version, header_type, header, bodyLength): its slot in
    // the vtable follows the vtable's two 2-byte sizes.
    private const int BodyLengthSlot = 4 + (3 * 2);

    private byte[] _buffer = [];
    private int _offset;
    private int _count;
    private long _passThrough;
    private bool _ended;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_offset == _count && _passThrough == 0 && !_ended)
        {
            await ReadMessageHeadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_offset < _count)
        {
            var served = Math.Min(buffer.Length, _count - _offset);
            _buffer.AsMemory(_offset, served).CopyTo(buffer);
            _offset += served;
            return served;
        }

        if (_passThrough > 0)
        {
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _passThrough)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"The Arrow stream ends {_passThrough:N0} bytes before the end of a message body.");
            }

            _passThrough -= read;
            return read;
        }

        return _ended ? await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) : 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Reads the next message's prefix and metadata (and a body above <see cref="TrustedBodyLength"/>) ahead, checking
    /// each declared length; at the end of the stream, or at its end-of-stream marker, passes the rest through.
    /// </summary>
    private async Task ReadMessageHeadAsync(CancellationToken cancellationToken)
    {
        _offset = 0;
        _count = 0;
        if (!await FillAsync(4, "a message length prefix", endAllowed: true, cancellationToken).ConfigureAwait(false))
        {
            _ended = true;
            return;
        }

        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(_buffer);
        if (metadataLength == ContinuationToken)
        {
            await FillAsync(4, "a message length prefix", endAllowed: false, cancellationToken).ConfigureAwait(false);
            metadataLength = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(4));
        }

        if (metadataLength == 0)
        {
            _ended = true;
            return;
        }

        if (metadataLength < 0)
        {
            throw new InvalidDataException($"An Arrow message declares {metadataLength:N0} bytes of metadata.");
        }

        var metadataStart = _count;
        await FillAsync(metadataLength, "message metadata its prefix declares", endAllowed: false, cancellationToken).ConfigureAwait(false);
        var bodyLength = BodyLength(_buffer.AsSpan(metadataStart, metadataLength));
        if (bodyLength is < 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"An Arrow message declares a body of {bodyLength:N0} bytes.");
        }

        if (bodyLength > TrustedBodyLength)
        {
            await FillAsync((int)bodyLength, "message body its metadata declares", endAllowed: false, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _passThrough = bodyLength;
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> more bytes into the buffer after what it holds, growing it only as they
    /// arrive (to at most twice what arrived); true unless the stream was already at its end and that was allowed.
    /// </summary>
    private async Task<bool> FillAsync(int length, string what, bool endAllowed, CancellationToken cancellationToken)
    {
        var end = (long)_count + length;
        if (end > Array.MaxLength)
        {
            throw new InvalidDataException($"The Arrow stream needs {length:N0} bytes of {what}, more than one buffer holds.");
        }

        var start = _count;
        while (_count < end)
        {
            if (_count == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(end, Math.Max(FirstBuffer, _buffer.Length * 2L)));
                _buffer.AsSpan(0, _count).CopyTo(larger);
                if (_buffer.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                }

                _buffer = larger;
            }

            var read = await inner.ReadAsync(_buffer.AsMemory(_count, (int)Math.Min(_buffer.Length, end) - _count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return _count == start && endAllowed
                    ? false
                    : throw new InvalidDataException($"The Arrow stream ends after {_count - start:N0} of the {length:N0} bytes of {what}.");
            }

            _count += read;
        }

        return true;
    }

    /// <summary>
    /// Reads <c>Message.bodyLength</c> from a message's flatbuffer metadata: the root table's offset, its vtable (a
    /// signed offset back from the table), the field's offset in that vtable (0 or absent: the default, 0).
    /// </summary>
    private static long BodyLength(ReadOnlySpan<byte> metadata)
    {
        var table = metadata.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(metadata) : -1;
        if (table < 0 || table > metadata.Length - 4)
        {
            throw new InvalidDataException("An Arrow message's metadata is not a flatbuffer: its root offset points outside it.");
        }

        var vtable = (long)table - BinaryPrimitives.ReadInt32LittleEndian(metadata[table..]);
        if (vtable < 0 || vtable > metadata.Length - 4)
        {
            throw new InvalidDataException("An Arrow message's metadata is not a flatbuffer: its vtable lies outside it.");
        }

        var vtableLength = BinaryPrimitives.ReadUInt16LittleEndian(metadata[(int)vtable..]);
        if (vtableLength < BodyLengthSlot + 2 || vtable + BodyLengthSlot + 2 > metadata.Length)
        {
            return 0;
        }

        var field = BinaryPrimitives.ReadUInt16LittleEndian(metadata[((int)vtable + BodyLengthSlot)..]);
        if (field == 0)
        {
            return 0;
        }

        return table + field <= metadata.Length - 8
            ? BinaryPrimitives.ReadInt64LittleEndian(metadata[(table + field)..])
            : throw new InvalidDataException("An Arrow message's metadata is not a flatbuffer: its body length lies outside it.");
    }
}

using System.Buffers.Binary;

namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// Loads deletion vectors (PROTOCOL.md, "Deletion Vector Format"): inline (<c>i</c>, Z85), relative to the table
/// (<c>u</c>, optional random prefix plus a Z85 UUID naming <c>deletion_vector_&lt;uuid&gt;.bin</c>) or absolute
/// (<c>p</c>). A DV file starts with a format version byte; at the descriptor's offset sit a big-endian size, the
/// serialized RoaringBitmapArray and a big-endian CRC-32 of it.
/// </summary>
internal static class DeletionVectors
{
    /// <summary>The magic number that starts a portable RoaringBitmapArray.</summary>
    public const int PortableMagic = 1681511377;

    /// <summary>Resolves the DV file of a <c>u</c> or <c>p</c> descriptor.</summary>
    public static string ResolvePath(string tablePath, DeletionVectorDescriptor dv)
    {
        switch (dv.StorageType)
        {
            case "u":
                {
                    var encoded = dv.PathOrInlineDv;
                    if (encoded.Length < 20)
                    {
                        throw DeltaErrors.CorruptDeletionVector($"relative DV path '{encoded}' is too short");
                    }

                    var prefix = encoded[..^20];
                    var uuid = Z85.DecodeUuid(encoded[^20..]);
                    var name = $"deletion_vector_{uuid}.bin";
                    return prefix.Length == 0 ? Path.Combine(tablePath, name) : Path.Combine(tablePath, prefix, name);
                }

            case "p":
                {
                    var p = dv.PathOrInlineDv;
                    return p.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(p).LocalPath : Uri.UnescapeDataString(p);
                }

            default:
                throw DeltaErrors.CorruptDeletionVector($"storage type '{dv.StorageType}' has no file");
        }
    }

    /// <summary>Loads the deleted row indexes of a descriptor, ascending.</summary>
    /// <param name="tablePath">The table folder.</param>
    /// <param name="dv">The descriptor.</param>
    /// <returns>The row indexes.</returns>
    public static long[] Load(string tablePath, DeletionVectorDescriptor dv)
    {
        ArgumentNullException.ThrowIfNull(dv);
        byte[] bitmap;
        if (dv.StorageType == "i")
        {
            var decoded = Z85.Decode(dv.PathOrInlineDv);
            if (decoded.Length < dv.SizeInBytes)
            {
                throw DeltaErrors.CorruptDeletionVector("inline DV is shorter than its declared size");
            }

            bitmap = decoded[..dv.SizeInBytes];
        }
        else
        {
            var path = ResolvePath(tablePath, dv);
            if (!File.Exists(path))
            {
                throw new LakehouseException("DELTA_DELETION_VECTOR_MISSING_FILE", "42K03", $"Deletion vector file {path} cannot be found.");
            }

            using var stream = File.OpenRead(path);
            var offset = dv.Offset ?? 1;
            stream.Seek(offset, SeekOrigin.Begin);
            Span<byte> header = stackalloc byte[4];
            stream.ReadExactly(header);
            var size = BinaryPrimitives.ReadInt32BigEndian(header);
            if (size != dv.SizeInBytes)
            {
                throw DeltaErrors.CorruptDeletionVector($"size {size} in {Path.GetFileName(path)} differs from the descriptor's {dv.SizeInBytes}");
            }

            bitmap = new byte[size];
            stream.ReadExactly(bitmap);
            stream.ReadExactly(header);
            var expected = BinaryPrimitives.ReadUInt32BigEndian(header);
            var actual = Crc32(bitmap);
            if (expected != actual)
            {
                throw DeltaErrors.CorruptDeletionVector($"checksum mismatch in {Path.GetFileName(path)}");
            }
        }

        var rows = DecodeRoaringBitmapArray(bitmap);
        if (rows.Length != dv.Cardinality)
        {
            throw DeltaErrors.CorruptDeletionVector($"the bitmap holds {rows.Length} rows but the descriptor says {dv.Cardinality}");
        }

        return rows;
    }

    /// <summary>Computes the CRC-32 (IEEE 802.3, as java.util.zip.CRC32) of data.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>
    /// Decodes a portable RoaringBitmapArray: magic (int32 LE), bitmap count (int64 LE), then per bitmap its
    /// high 32 bits (uint32 LE) and a portable 32-bit Roaring bitmap.
    /// </summary>
    public static long[] DecodeRoaringBitmapArray(ReadOnlySpan<byte> data)
    {
        var magic = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (magic != PortableMagic)
        {
            throw DeltaErrors.CorruptDeletionVector($"unexpected bitmap magic number {magic}");
        }

        var count = BinaryPrimitives.ReadInt64LittleEndian(data[4..]);
        var pos = 12;
        var result = new List<long>();
        for (long i = 0; i < count; i++)
        {
            var high = (long)BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
            pos += 4;
            pos += DecodeRoaring32(data[pos..], high << 32, result);
        }

        return [.. result];
    }

    /// <summary>Decodes one portable 32-bit Roaring bitmap, returning the bytes consumed.</summary>
    private static int DecodeRoaring32(ReadOnlySpan<byte> data, long high, List<long> output)
    {
        const int SerialCookieNoRun = 12346;
        const int SerialCookie = 12347;
        const int NoOffsetThreshold = 4;

        var pos = 0;
        var cookie = BinaryPrimitives.ReadUInt32LittleEndian(data);
        pos += 4;
        int containers;
        ReadOnlySpan<byte> runFlags = default;
        var hasRuns = (cookie & 0xFFFF) == SerialCookie;
        if (hasRuns)
        {
            containers = (int)(cookie >> 16) + 1;
            var flagBytes = (containers + 7) / 8;
            runFlags = data.Slice(pos, flagBytes);
            pos += flagBytes;
        }
        else if (cookie == SerialCookieNoRun)
        {
            containers = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
            pos += 4;
        }
        else
        {
            throw DeltaErrors.CorruptDeletionVector($"unexpected Roaring cookie {cookie}");
        }

        var keys = new int[containers];
        var cardinalities = new int[containers];
        for (var i = 0; i < containers; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
            cardinalities[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 2)..]) + 1;
            pos += 4;
        }

        if (!hasRuns || containers >= NoOffsetThreshold)
        {
            pos += 4 * containers;
        }

        for (var i = 0; i < containers; i++)
        {
            var baseValue = high | ((long)keys[i] << 16);
            var isRun = hasRuns && (runFlags[i / 8] & (1 << (i % 8))) != 0;
            if (isRun)
            {
                var runs = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
                pos += 2;
                for (var r = 0; r < runs; r++)
                {
                    var start = BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]);
                    var length = BinaryPrimitives.ReadUInt16LittleEndian(data[(pos + 2)..]);
                    pos += 4;
                    for (var v = 0; v <= length; v++)
                    {
                        output.Add(baseValue + start + v);
                    }
                }
            }
            else if (cardinalities[i] <= 4096)
            {
                for (var j = 0; j < cardinalities[i]; j++)
                {
                    output.Add(baseValue + BinaryPrimitives.ReadUInt16LittleEndian(data[pos..]));
                    pos += 2;
                }
            }
            else
            {
                for (var word = 0; word < 1024; word++)
                {
                    var bits = BinaryPrimitives.ReadUInt64LittleEndian(data[pos..]);
                    pos += 8;
                    while (bits != 0)
                    {
                        var bit = System.Numerics.BitOperations.TrailingZeroCount(bits);
                        output.Add(baseValue + (word * 64) + bit);
                        bits &= bits - 1;
                    }
                }
            }
        }

        return pos;
    }

    /// <summary>
    /// Serializes row indexes as a portable RoaringBitmapArray (array and bitmap containers, no runs). Used by
    /// tests and by writers that produce inline DVs.
    /// </summary>
    public static byte[] EncodeRoaringBitmapArray(IEnumerable<long> rows)
    {
        var groups = rows.Distinct().Order().GroupBy(r => (uint)(r >> 32)).ToList();
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(PortableMagic);
        w.Write((long)groups.Count);
        foreach (var g in groups)
        {
            w.Write(g.Key);
            var containers = g.GroupBy(r => (ushort)((r >> 16) & 0xFFFF)).ToList();
            w.Write((uint)12346);
            w.Write((uint)containers.Count);
            foreach (var c in containers)
            {
                w.Write(c.Key);
                w.Write((ushort)(c.Count() - 1));
            }

            var offset = 4 + 4 + (8 * containers.Count);
            foreach (var c in containers)
            {
                w.Write((uint)offset);
                offset += c.Count() <= 4096 ? 2 * c.Count() : 8192;
            }

            foreach (var c in containers)
            {
                if (c.Count() <= 4096)
                {
                    foreach (var r in c)
                    {
                        w.Write((ushort)(r & 0xFFFF));
                    }
                }
                else
                {
                    var words = new ulong[1024];
                    foreach (var r in c)
                    {
                        var low = (int)(r & 0xFFFF);
                        words[low / 64] |= 1UL << (low % 64);
                    }

                    foreach (var word in words)
                    {
                        w.Write(word);
                    }
                }
            }
        }

        w.Flush();
        return ms.ToArray();
    }
}

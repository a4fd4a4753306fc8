namespace DeltaFunctions.Lakehouse.Log;

/// <summary>
/// The Z85 (ZeroMQ base-85) codec Delta uses for inline deletion vectors and for the UUID in relative DV paths
/// (PROTOCOL.md, "Deletion Vector Descriptor Schema"): every 4 bytes become 5 characters, big-endian.
/// </summary>
internal static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    private static readonly sbyte[] Decoder = BuildDecoder();

    /// <summary>Decodes Z85 text (length a multiple of 5) into bytes.</summary>
    /// <exception cref="FormatException">The text is not valid Z85.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length % 5 != 0)
        {
            throw new FormatException($"Z85 text length {text.Length} is not a multiple of 5.");
        }

        var output = new byte[text.Length / 5 * 4];
        for (int i = 0, o = 0; i < text.Length; i += 5, o += 4)
        {
            ulong value = 0;
            for (var j = 0; j < 5; j++)
            {
                var c = text[i + j];
                var d = c < 128 ? Decoder[c] : (sbyte)-1;
                if (d < 0)
                {
                    throw new FormatException($"'{c}' is not a Z85 character.");
                }

                value = (value * 85) + (ulong)d;
            }

            if (value > uint.MaxValue)
            {
                throw new FormatException("Z85 block overflows 32 bits.");
            }

            output[o] = (byte)(value >> 24);
            output[o + 1] = (byte)(value >> 16);
            output[o + 2] = (byte)(value >> 8);
            output[o + 3] = (byte)value;
        }

        return output;
    }

    /// <summary>Encodes bytes (zero-padded to a multiple of 4) as Z85 text.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var padded = new byte[(data.Length + 3) / 4 * 4];
        data.CopyTo(padded);
        var chars = new char[padded.Length / 4 * 5];
        for (int i = 0, o = 0; i < padded.Length; i += 4, o += 5)
        {
            var value = ((uint)padded[i] << 24) | ((uint)padded[i + 1] << 16) | ((uint)padded[i + 2] << 8) | padded[i + 3];
            for (var j = 4; j >= 0; j--)
            {
                chars[o + j] = Alphabet[(int)(value % 85)];
                value /= 85;
            }
        }

        return new string(chars);
    }

    /// <summary>Decodes the 20-character form of a UUID used in relative DV paths.</summary>
    public static Guid DecodeUuid(string text)
    {
        var bytes = Decode(text);
        if (bytes.Length != 16)
        {
            throw new FormatException("An encoded UUID must be 20 characters.");
        }

        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Encodes a UUID as 20 Z85 characters.</summary>
    public static string EncodeUuid(Guid uuid) => Encode(uuid.ToByteArray(bigEndian: true));

    private static sbyte[] BuildDecoder()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }
}

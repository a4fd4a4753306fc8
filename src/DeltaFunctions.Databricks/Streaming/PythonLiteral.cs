using System.Globalization;
using System.Text;

namespace DeltaFunctions.Databricks.Streaming;

/// <summary>
/// Writes values into generated Python source safely: every string becomes a double-quoted literal in which
/// quotes, backslashes, control characters and all non-ASCII characters are escaped, so no value can end the
/// literal, start a statement or depend on the file's encoding.
/// </summary>
internal static class PythonLiteral
{
    /// <summary>Returns the Python string literal for a value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal, for example <c>"a\"b"</c>.</returns>
    /// <exception cref="ArgumentException">The value holds an unpaired UTF-16 surrogate.</exception>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (var i = 0; i < value.Length;)
        {
            var status = Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                throw new ArgumentException("The value holds an unpaired surrogate and cannot be written to Python source.", nameof(value));
            }

            i += consumed;
            switch (rune.Value)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                case < 0x20 or 0x7F:
                    builder.Append(CultureInfo.InvariantCulture, $@"\x{rune.Value:x2}");
                    break;
                case < 0x7F:
                    builder.Append((char)rune.Value);
                    break;
                case <= 0xFFFF:
                    builder.Append(CultureInfo.InvariantCulture, $@"\u{rune.Value:x4}");
                    break;
                default:
                    builder.Append(CultureInfo.InvariantCulture, $@"\U{rune.Value:x8}");
                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Returns a Python list literal of strings.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The literal, for example <c>["a", "b"]</c>.</returns>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";
}

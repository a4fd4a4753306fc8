using System.Globalization;
using System.Text;

namespace DeltaFunctions.Emulator;

/// <summary>Opaque page tokens: the offset of the next item, base64-encoded so callers do not rely on it.</summary>
internal static class PageToken
{
    public static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    public static int Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw ApiException.InvalidParameter($"Invalid page token: {token}");
    }

    /// <summary>Cuts one page out of <paramref name="items"/>.</summary>
    /// <returns>The page and the token of the next one (null on the last page).</returns>
    public static (List<T> Page, string? NextToken) Slice<T>(IReadOnlyList<T> items, string? token, int pageSize)
    {
        var offset = Decode(token);
        var page = items.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < items.Count ? Encode(offset + page.Count) : null;
        return (page, next);
    }
}

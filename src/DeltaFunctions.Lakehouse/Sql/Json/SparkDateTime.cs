using System.Globalization;

namespace DeltaFunctions.Lakehouse.Sql.Json;

/// <summary>
/// Spark's lenient date and timestamp string forms (<c>DateTimeUtils.stringToDate</c> / <c>stringToTimestamp</c>),
/// which Spark's JSON reader falls back to when no <c>dateFormat</c> / <c>timestampFormat</c> option is given:
/// <c>[+-]yyyy[-[m]m[-[d]d]]</c> then, for timestamps, <c>[T| ][h]h:[m]m[:[s]s[.fraction]]</c> and a zone
/// (<c>Z</c>, <c>UTC</c>, <c>GMT</c>, <c>+hh[:mm]</c>, <c>+hhmm</c>, <c>UTC+hh:mm</c> or a region such as
/// <c>Europe/Paris</c>). Fractions beyond microseconds are truncated, as Spark stores microseconds.
/// </summary>
internal static class SparkDateTime
{
    private const long MicrosPerSecond = 1_000_000;
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Parses a date as Spark's JSON reader does; a plain integer is days since the epoch (Spark 1.5 files).</summary>
    /// <param name="text">The string value.</param>
    /// <param name="date">The date.</param>
    /// <returns>Whether the text is a date.</returns>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var s = text.Trim();
        var pos = 0;
        if (!TryReadDate(s, ref pos, out var year, out var month, out var day))
        {
            return TryDaysSinceEpoch(s, out date);
        }

        // After the date Spark accepts nothing, or ' ' / 'T' followed by anything.
        if (pos < s.Length && s[pos] is not (' ' or 'T'))
        {
            return TryDaysSinceEpoch(s, out date);
        }

        return TryMakeDate(year, month, day, out date);
    }

    /// <summary>Parses a timestamp to microseconds since the epoch.</summary>
    /// <param name="text">The string value.</param>
    /// <param name="zone">The zone for text without one (the session zone).</param>
    /// <param name="allowZone">False for TIMESTAMP_NTZ, where text carrying a zone is refused.</param>
    /// <param name="micros">Microseconds since 1970-01-01 00:00:00 (UTC, or wall clock for NTZ).</param>
    /// <returns>Whether the text is a timestamp.</returns>
    public static bool TryParseTimestamp(string text, TimeZoneInfo? zone, bool allowZone, out long micros)
    {
        micros = 0;
        var s = text.Trim();
        var pos = 0;
        if (!TryReadDate(s, ref pos, out var year, out var month, out var day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fraction = 0;
        if (pos < s.Length && s[pos] is ' ' or 'T')
        {
            var save = pos;
            pos++;
            if (TryDigits(s, ref pos, 1, 2, out hour) && pos < s.Length && s[pos] == ':')
            {
                pos++;
                if (!TryDigits(s, ref pos, 1, 2, out minute))
                {
                    return false;
                }

                if (pos < s.Length && s[pos] == ':')
                {
                    pos++;
                    if (!TryDigits(s, ref pos, 1, 2, out second))
                    {
                        return false;
                    }

                    if (pos < s.Length && s[pos] == '.')
                    {
                        pos++;
                        var start = pos;
                        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
                        {
                            pos++;
                        }

                        var digits = s.AsSpan(start, Math.Min(pos - start, 6));
                        if (pos == start || pos - start > 9)
                        {
                            return false;
                        }

                        fraction = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
                        for (var k = digits.Length; k < 6; k++)
                        {
                            fraction *= 10;
                        }
                    }
                }
            }
            else if (s[save] == 'T' || pos < s.Length)
            {
                // "yyyy-mm-dd " and "yyyy-mm-ddT" with nothing after are dates; anything else must be a time.
                if (pos < s.Length)
                {
                    return false;
                }
            }
        }

        TimeSpan? offset = null;
        TimeZoneInfo? region = null;
        if (pos < s.Length)
        {
            if (!allowZone || !TryReadZone(s[pos..].TrimStart(), out offset, out region))
            {
                return false;
            }
        }

        if (hour > 23 || minute > 59 || second > 59 || !TryMakeDate(year, month, day, out var date))
        {
            return false;
        }

        var local = date.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Unspecified);
        var wallMicros = ((local - Epoch).Ticks / 10) + fraction;
        if (!allowZone)
        {
            micros = wallMicros;
            return true;
        }

        var effective = offset ?? (region ?? zone ?? TimeZoneInfo.Utc).GetUtcOffset(local);
        micros = wallMicros - (effective.Ticks / 10);
        return true;
    }

    private static bool TryReadDate(string s, ref int pos, out int year, out int month, out int day)
    {
        month = 1;
        day = 1;
        year = 0;
        var negative = false;
        if (pos < s.Length && s[pos] is '+' or '-')
        {
            negative = s[pos] == '-';
            pos++;
        }

        if (!TryDigits(s, ref pos, 4, 7, out year))
        {
            return false;
        }

        year = negative ? -year : year;
        if (pos < s.Length && s[pos] == '-')
        {
            pos++;
            if (!TryDigits(s, ref pos, 1, 2, out month))
            {
                return false;
            }

            if (pos < s.Length && s[pos] == '-')
            {
                pos++;
                if (!TryDigits(s, ref pos, 1, 2, out day))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool TryReadZone(string zone, out TimeSpan? offset, out TimeZoneInfo? region)
    {
        offset = null;
        region = null;
        if (zone is "Z" or "UTC" or "GMT" or "UT")
        {
            offset = TimeSpan.Zero;
            return true;
        }

        var rest = zone;
        foreach (var prefix in (ReadOnlySpan<string>)["UTC", "GMT", "UT"])
        {
            if (zone.StartsWith(prefix, StringComparison.Ordinal) && zone.Length > prefix.Length && zone[prefix.Length] is '+' or '-')
            {
                rest = zone[prefix.Length..];
                break;
            }
        }

        if (rest[0] is '+' or '-')
        {
            var sign = rest[0] == '-' ? -1 : 1;
            var body = rest[1..].Replace(":", string.Empty, StringComparison.Ordinal);
            if (body.Length is not (1 or 2 or 4 or 6) || !body.All(char.IsAsciiDigit))
            {
                return false;
            }

            var hours = int.Parse(body.AsSpan(0, Math.Min(2, body.Length)), CultureInfo.InvariantCulture);
            var minutes = body.Length >= 4 ? int.Parse(body.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
            var seconds = body.Length == 6 ? int.Parse(body.AsSpan(4, 2), CultureInfo.InvariantCulture) : 0;
            if (hours > 18 || minutes > 59 || seconds > 59)
            {
                return false;
            }

            offset = sign * new TimeSpan(hours, minutes, seconds);
            return true;
        }

        try
        {
            region = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    private static bool TryDigits(string s, ref int pos, int min, int max, out int value)
    {
        var start = pos;
        while (pos < s.Length && pos - start < max && char.IsAsciiDigit(s[pos]))
        {
            pos++;
        }

        value = 0;
        return pos - start >= min && (pos >= s.Length || !char.IsAsciiDigit(s[pos]))
            && int.TryParse(s.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryMakeDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDaysSinceEpoch(string s, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            return false;
        }

        var dayNumber = (long)DateOnly.FromDateTime(Epoch).DayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            return false;
        }

        date = DateOnly.FromDayNumber((int)dayNumber);
        return true;
    }
}

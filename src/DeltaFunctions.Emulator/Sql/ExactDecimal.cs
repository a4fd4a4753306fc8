using System.Data.SqlTypes;
using System.Globalization;
using System.Numerics;

namespace DeltaFunctions.Emulator.Sql;

/// <summary>
/// A DECIMAL value held exactly as an unscaled integer and a scale, so DECIMAL(38, s) values wider than
/// <see cref="decimal"/> (28–29 digits; the Lakehouse hands those over as text) keep every digit on the wire.
/// </summary>
/// <param name="Unscaled">The value times 10^<paramref name="Scale"/>.</param>
/// <param name="Scale">The number of digits after the decimal point.</param>
internal readonly record struct ExactDecimal(BigInteger Unscaled, int Scale)
{
    /// <summary>Reads a Lakehouse DECIMAL cell: a <see cref="decimal"/>, or the exact text of a wider value.</summary>
    /// <exception cref="FormatException">The value is neither a decimal nor decimal text.</exception>
    public static ExactDecimal Parse(object value) => value switch
    {
        decimal d => ParseText(d.ToString(CultureInfo.InvariantCulture)),
        string s => ParseText(s),
        _ => ParseText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static ExactDecimal ParseText(string text)
    {
        var span = text.AsSpan().Trim();
        var exponent = 0;
        var e = span.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!int.TryParse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                throw Invalid(text);
            }

            span = span[..e];
        }

        var negative = span.Length > 0 && span[0] == '-';
        if (span.Length > 0 && span[0] is '-' or '+')
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var integral = point < 0 ? span : span[..point];
        var fraction = point < 0 ? [] : span[(point + 1)..];
        if (integral.Length + fraction.Length == 0 || integral.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9'))
        {
            throw Invalid(text);
        }

        var unscaled = BigInteger.Parse(string.Concat(integral, fraction), NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = fraction.Length - exponent;
        if (scale < 0)
        {
            unscaled *= BigInteger.Pow(10, -scale);
            scale = 0;
        }

        return new ExactDecimal(negative ? -unscaled : unscaled, scale);
    }

    private static FormatException Invalid(string text) =>
        new($"The DECIMAL cell '{text}' is not a decimal number.");

    /// <summary>The same value at <paramref name="scale"/> digits, rounding half away from zero as Spark does.</summary>
    public ExactDecimal Rescale(int scale)
    {
        if (scale >= Scale)
        {
            return new ExactDecimal(Unscaled * BigInteger.Pow(10, scale - Scale), scale);
        }

        var divisor = BigInteger.Pow(10, Scale - scale);
        var quotient = BigInteger.DivRem(Unscaled, divisor, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= divisor)
        {
            quotient += Unscaled.Sign;
        }

        return new ExactDecimal(quotient, scale);
    }

    /// <summary>The text JSON_ARRAY and CSV carry: plain notation with exactly <paramref name="scale"/> digits (§4.2: <c>10.50</c>).</summary>
    public string ToString(int? scale)
    {
        var value = scale is { } s ? Rescale(s) : this;
        var digits = BigInteger.Abs(value.Unscaled).ToString(CultureInfo.InvariantCulture);
        if (value.Scale > 0)
        {
            digits = digits.PadLeft(value.Scale + 1, '0');
            digits = digits[..^value.Scale] + "." + digits[^value.Scale..];
        }

        return value.Unscaled.Sign < 0 ? "-" + digits : digits;
    }

    /// <inheritdoc />
    public override string ToString() => ToString(null);

    /// <summary>The value as a <see cref="SqlDecimal"/> of the column's precision and scale (38 digits, exact), for Arrow's Decimal128.</summary>
    /// <exception cref="OverflowException">The value has more digits than <paramref name="precision"/> allows.</exception>
    public SqlDecimal ToSqlDecimal(int precision, int scale)
    {
        var value = Rescale(scale);
        var magnitude = BigInteger.Abs(value.Unscaled);
        if (magnitude >= BigInteger.Pow(10, precision))
        {
            throw new OverflowException($"The value {value} does not fit DECIMAL({precision},{scale}).");
        }

        var bytes = new byte[16];
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        var data = new int[4];
        for (var i = 0; i < 4; i++)
        {
            data[i] = BitConverter.ToInt32(bytes, i * 4);
        }

        return new SqlDecimal((byte)precision, (byte)scale, value.Unscaled.Sign >= 0, data);
    }
}

using System.Globalization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>Converts decoded SQL values to caller types without boxing surprises.</summary>
internal static class SqlValueConverter
{
    public static T Convert<T>(object? value, string column) =>
        value is T typed ? typed : (T)Convert(value, typeof(T), column)!;

    /// <summary>
    /// As <see cref="Convert{T}(object?, string)"/> for a type known only at run time (the reflection row mapper of
    /// native AOT): the same conversions and the same errors.
    /// </summary>
    /// <param name="value">The decoded value.</param>
    /// <param name="type">The caller's type.</param>
    /// <param name="column">The column, for errors.</param>
    /// <returns>The value as <paramref name="type"/>, boxed; null for NULL.</returns>
    public static object? Convert(object? value, Type type, string column)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null)
        {
            if (!type.IsValueType || target != type)
            {
                return null;
            }

            throw new InvalidCastException($"Column '{column}' is NULL but {type.Name} cannot hold null; use a nullable type.");
        }

        try
        {
            return ConvertTo(value, target);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw new InvalidCastException($"Column '{column}' holds a {value.GetType().Name} that cannot become {type.Name}.", e);
        }
    }

    private static object ConvertTo(object value, Type target)
    {
        if (target == typeof(object) || target.IsInstanceOfType(value))
        {
            return value;
        }

        if (target == typeof(string))
        {
            return value switch
            {
                byte[] b => System.Convert.ToHexString(b),
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }

        if (target == typeof(DateTime))
        {
            return value switch
            {
                DateTimeOffset t => t.UtcDateTime,
                DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                _ => throw new InvalidCastException(),
            };
        }

        if (target == typeof(DateTimeOffset))
        {
            return value switch
            {
                DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                DateOnly d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ => throw new InvalidCastException(),
            };
        }

        if (target == typeof(DateOnly))
        {
            return value switch
            {
                DateTime t => DateOnly.FromDateTime(t),
                DateTimeOffset t => DateOnly.FromDateTime(t.UtcDateTime),
                string s => DateOnly.Parse(s, CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException(),
            };
        }

        if (target == typeof(Guid))
        {
            return value is string g ? Guid.Parse(g) : throw new InvalidCastException();
        }

        if (target == typeof(byte[]) && value is string hex)
        {
            return System.Convert.FromHexString(hex);
        }

        if (target.IsEnum)
        {
            return value is string name ? Enum.Parse(target, name, ignoreCase: true) : Enum.ToObject(target, value);
        }

        if (value is IConvertible)
        {
            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }

        throw new InvalidCastException();
    }
}

using System.Collections;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>The SQL type a CLR property is written as when the caller does not list columns.</summary>
internal static class ClrSqlTypes
{
    public static SqlType ToSqlType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
        { return SqlType.Boolean; }
        if (t == typeof(sbyte))
        { return SqlType.Byte; }
        if (t == typeof(byte) || t == typeof(short))
        { return SqlType.Short; }
        if (t == typeof(ushort) || t == typeof(int))
        { return SqlType.Int; }
        if (t == typeof(uint) || t == typeof(long))
        { return SqlType.Long; }
        if (t == typeof(ulong))
        { return SqlType.Decimal(20, 0); }
        if (t == typeof(float))
        { return SqlType.Float; }
        if (t == typeof(double))
        { return SqlType.Double; }

        // A placeholder: RowSource sizes an inferred DECIMAL column from the values it holds, so every digit arrives.
        if (t == typeof(decimal))
        { return SqlType.Decimal(38, 10); }
        if (t == typeof(string) || t == typeof(Guid) || t == typeof(char) || t.IsEnum)
        { return SqlType.String; }
        if (t == typeof(DateOnly))
        { return SqlType.Date; }
        if (t == typeof(DateTimeOffset))
        { return SqlType.Timestamp; }
        if (t == typeof(DateTime))
        { return SqlType.Timestamp; }
        if (t == typeof(byte[]))
        { return SqlType.Binary; }
        if (t.IsGenericType && t.GetGenericTypeDefinition() is var g
            && (g == typeof(IDictionary<,>) || g == typeof(Dictionary<,>) || g == typeof(IReadOnlyDictionary<,>)))
        {
            var args = t.GetGenericArguments();
            return SqlType.Map(ToSqlType(args[0]), ToSqlType(args[1]));
        }

        if (t.IsArray)
        {
            return SqlType.Array(ToSqlType(t.GetElementType()!));
        }

        if (typeof(IEnumerable).IsAssignableFrom(t) && t.IsGenericType)
        {
            return SqlType.Array(ToSqlType(t.GetGenericArguments()[0]));
        }

        throw new ArgumentException($"Properties of type {t.Name} cannot be mapped to a SQL column type; list the columns explicitly.", nameof(type));
    }
}

using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Maps result rows to <typeparamref name="T"/> by column name: to constructor parameters (records) or to settable
/// properties. Names follow <see cref="ColumnNames"/> (the rule writes use too): a member's column is its
/// <c>[JsonPropertyName]</c> / <c>[Column]</c> name or its snake_case name, matched case-insensitively with
/// underscores ignored, so <c>order_id</c> fills <c>OrderId</c>.
/// The mapping is compiled once per result shape and cached (a memo of pure functions, not state), so each row
/// costs one delegate call and no reflection; it reads each value from its column in place
/// (<see cref="ColumnValues.Get{T}(ColumnValues, int, string)"/>), so a member of the column's own type is filled without boxing.
/// </summary>
/// <typeparam name="T">The caller's type; a scalar type reads the first column.</typeparam>
internal static class RowMapper<T>
{
    private static readonly ConcurrentDictionary<string, Func<RowBlock, int, T>> Cache = new(StringComparer.Ordinal);

    public static Func<RowBlock, int, T> For(SqlResultSchema schema) =>
        Cache.GetOrAdd(schema.Signature, static (_, s) => Compile(s), schema);

    private static Func<RowBlock, int, T> Compile(SqlResultSchema schema)
    {
        var block = Expression.Parameter(typeof(RowBlock), "block");
        var row = Expression.Parameter(typeof(int), "row");
        var values = new Values(block, row);
        var type = typeof(T);
        if (IsScalar(type))
        {
            if (schema.Count == 0)
            {
                throw new InvalidOperationException($"The result has no column to read as {type.Name}.");
            }

            return Expression.Lambda<Func<RowBlock, int, T>>(ConvertValue(values, 0, schema.Columns[0].Name, type), block, row).Compile();
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < schema.Count; i++)
        {
            columns.TryAdd(ColumnNames.Key(schema.Columns[i].Name), i);
        }

        var constructor = ChooseConstructor(type, columns);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var arguments = new List<Expression>();
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var key = ColumnNames.Key(ColumnNames.Of(parameter));
            if (columns.TryGetValue(key, out var ordinal))
            {
                arguments.Add(ConvertValue(values, ordinal, schema.Columns[ordinal].Name, parameter.ParameterType));
                used.Add(key);
            }
            else if (parameter.HasDefaultValue)
            {
                arguments.Add(Expression.Constant(parameter.DefaultValue, parameter.ParameterType));
            }
            else
            {
                throw new InvalidOperationException(
                    $"{type.Name} needs constructor parameter '{parameter.Name}' (column '{ColumnNames.Of(parameter)}') but the result has no such column.");
            }
        }

        NewExpression create = constructor is null ? Expression.New(type) : Expression.New(constructor, arguments);
        var bindings = new List<MemberBinding>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = ColumnNames.Key(ColumnNames.Of(property));
            if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0
                && !used.Contains(key) && columns.TryGetValue(key, out var ordinal))
            {
                bindings.Add(Expression.Bind(property, ConvertValue(values, ordinal, schema.Columns[ordinal].Name, property.PropertyType)));
            }
        }

        Expression body = bindings.Count == 0 ? create : Expression.MemberInit(create, bindings);
        return Expression.Lambda<Func<RowBlock, int, T>>(body, block, row).Compile();
    }

    private static ConstructorInfo? ChooseConstructor(Type type, Dictionary<string, int> columns)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var parameterless = constructors.FirstOrDefault(c => c.GetParameters().Length == 0);
        var best = constructors
            .Where(c => c.GetParameters().Length > 0
                && c.GetParameters().All(p => p.HasDefaultValue || columns.ContainsKey(ColumnNames.Key(ColumnNames.Of(p)))))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        if (parameterless is not null || type.IsValueType)
        {
            return parameterless;
        }

        var only = constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        return only ?? throw new InvalidOperationException($"{type.Name} has no public constructor to map rows to.");
    }

    private static MethodCallExpression ConvertValue(Values values, int ordinal, string column, Type target) =>
        Expression.Call(
            typeof(ColumnValues).GetMethod(nameof(ColumnValues.Get), 1, [typeof(ColumnValues), typeof(int), typeof(string)])!.MakeGenericMethod(target),
            Expression.ArrayIndex(Expression.Field(values.Block, nameof(RowBlock.Columns)), Expression.Constant(ordinal)),
            values.Row,
            Expression.Constant(column));

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(Guid) || t == typeof(byte[]);
    }

    /// <summary>The compiled mapper's parameters: the block and the row in it.</summary>
    private sealed record Values(ParameterExpression Block, ParameterExpression Row);
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Maps result rows to <typeparamref name="T"/> by column name: to constructor parameters (records) or to settable
/// properties. Names follow <see cref="ColumnNames"/> (the rule writes use too): a member's column is its
/// <c>[JsonPropertyName]</c> / <c>[Column]</c> name or its snake_case name, matched case-insensitively with
/// underscores ignored, so <c>order_id</c> fills <c>OrderId</c>.
/// The mapping is compiled once per result shape and cached (a memo of pure functions, not state), so each row
/// costs one delegate call and no reflection, once the shape has mapped <see cref="CompileAfterRows"/> rows through
/// reflection (<see cref="Tiered"/>: a cold start's first small query compiles nothing); it reads each value from its column in place
/// (<see cref="ColumnValues.Get{T}(ColumnValues, int, string)"/>), so a member of the column's own type is filled without boxing.
/// Where code cannot be generated at run time (native AOT: <see cref="RuntimeFeature.IsDynamicCodeSupported"/> is
/// false) the same plan runs through reflection instead (constructor and property setters invoked with boxed values
/// converted by <see cref="SqlValueConverter"/>): the same columns fill the same members with the same errors.
/// </summary>
/// <typeparam name="T">The caller's type; a scalar type reads the first column. Its public constructors and properties are kept by the trimmer.</typeparam>
internal static class RowMapper<[DynamicallyAccessedMembers(Members)] T>
{
    /// <summary>What mapping reads of <typeparamref name="T"/>; the public mapping APIs carry the same annotation.</summary>
    internal const DynamicallyAccessedMemberTypes Members = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>Rows a result shape is mapped through reflection before its mapping is compiled (<see cref="TieredDelegate"/>).</summary>
    internal const int CompileAfterRows = TieredDelegate.CompileAfterCalls;

    private static readonly ConcurrentDictionary<string, Tiered> Cache = new(StringComparer.Ordinal);

    public static Func<RowBlock, int, T> For(SqlResultSchema schema) =>
        Cache.GetOrAdd(schema.Signature, static (_, s) => new Tiered(s), schema).Mapper;

    /// <summary>The mapping through reflection, for runtimes without dynamic code (native AOT).</summary>
    internal static Func<RowBlock, int, T> Reflect(SqlResultSchema schema)
    {
        var type = typeof(T);
        if (IsScalar(type))
        {
            if (schema.Count == 0)
            {
                throw new InvalidOperationException($"The result has no column to read as {type.Name}.");
            }

            return static (block, row) => ColumnValues.Get<T>(block, 0, row);
        }

        var plan = Plan.For(schema);
        return (block, row) =>
        {
            object? Value(int ordinal, Type target) =>
                SqlValueConverter.Convert(block.Columns[ordinal].GetBoxed(row), target, block.Schema.Columns[ordinal].Name);

            object instance;
            if (plan.Constructor is null)
            {
                // Only a struct without a parameterless constructor gets here: no caller code runs.
                instance = Activator.CreateInstance(type)!;
            }
            else
            {
                var arguments = new object?[plan.Arguments.Count];
                for (var i = 0; i < arguments.Length; i++)
                {
                    var (parameter, ordinal) = plan.Arguments[i];
                    arguments[i] = ordinal < 0 ? parameter.DefaultValue : Value(ordinal, parameter.ParameterType);
                }

                // The caller's own exception, not a TargetInvocationException, as from the compiled mapping.
                instance = plan.Constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            }

            foreach (var (property, ordinal) in plan.Properties)
            {
                property.SetValue(instance, Value(ordinal, property.PropertyType), BindingFlags.DoNotWrapExceptions, binder: null, index: null, culture: null);
            }

            return (T)instance;
        };
    }

    [RequiresDynamicCode("Compiles an expression tree; For() calls it only where dynamic code is supported.")]
    internal static Func<RowBlock, int, T> Compile(SqlResultSchema schema)
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

        var plan = Plan.For(schema);
        var arguments = plan.Arguments.Select(a => a.Ordinal < 0
            ? (Expression)Expression.Constant(a.Parameter.DefaultValue, a.Parameter.ParameterType)
            : ConvertValue(values, a.Ordinal, schema.Columns[a.Ordinal].Name, a.Parameter.ParameterType));
        NewExpression create = plan.Constructor is null ? Expression.New(type) : Expression.New(plan.Constructor, arguments);
        var bindings = plan.Properties
            .Select(p => (MemberBinding)Expression.Bind(p.Property, ConvertValue(values, p.Ordinal, schema.Columns[p.Ordinal].Name, p.Property.PropertyType)))
            .ToList();
        Expression body = bindings.Count == 0 ? create : Expression.MemberInit(create, bindings);
        return Expression.Lambda<Func<RowBlock, int, T>>(body, block, row).Compile();
    }

    private static ConstructorInfo? ChooseConstructor([DynamicallyAccessedMembers(Members)] Type type, Dictionary<string, int> columns)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var parameterless = constructors.FirstOrDefault(c => c.GetParameters().Length == 0);
        var best = constructors
            .Where(c => c.GetParameters().Length > 0
                && c.GetParameters().All(p => p.HasDefaultValue || columns.ContainsKey(ColumnNames.Key(ColumnNames.Of(p, type)))))
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

    [RequiresDynamicCode("Instantiates ColumnValues.Get<T> for the member's type.")]
    private static MethodCallExpression ConvertValue(Values values, int ordinal, string column, Type target) =>
        Expression.Call(
            typeof(ColumnValues).GetMethod(nameof(ColumnValues.Get), 1, [typeof(ColumnValues), typeof(int), typeof(string)])!.MakeGenericMethod(target),
            Expression.ArrayIndex(Expression.Field(values.Block, typeof(RowBlock).GetField(nameof(RowBlock.Columns))!), Expression.Constant(ordinal)),
            values.Row,
            Expression.Constant(column));

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(Guid) || t == typeof(byte[]);
    }

    /// <summary>
    /// Which constructor builds a <typeparamref name="T"/> and which column fills each of its parameters (-1: the
    /// parameter's default) and each settable property not set through the constructor; both mappers follow it.
    /// </summary>
    private sealed record Plan(
        ConstructorInfo? Constructor,
        IReadOnlyList<(ParameterInfo Parameter, int Ordinal)> Arguments,
        IReadOnlyList<(PropertyInfo Property, int Ordinal)> Properties)
    {
        public static Plan For(SqlResultSchema schema)
        {
            var type = typeof(T);
            var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < schema.Count; i++)
            {
                columns.TryAdd(ColumnNames.Key(schema.Columns[i].Name), i);
            }

            var constructor = ChooseConstructor(type, columns);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var arguments = new List<(ParameterInfo, int)>();
            foreach (var parameter in constructor?.GetParameters() ?? [])
            {
                var key = ColumnNames.Key(ColumnNames.Of(parameter, type));
                if (columns.TryGetValue(key, out var ordinal))
                {
                    arguments.Add((parameter, ordinal));
                    used.Add(key);
                }
                else if (parameter.HasDefaultValue)
                {
                    arguments.Add((parameter, -1));
                }
                else
                {
                    throw new InvalidOperationException(
                        $"{type.Name} needs constructor parameter '{parameter.Name}' (column '{ColumnNames.Of(parameter, type)}') but the result has no such column.");
                }
            }

            var properties = new List<(PropertyInfo, int)>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var key = ColumnNames.Key(ColumnNames.Of(property));
                if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0
                    && !used.Contains(key) && columns.TryGetValue(key, out var ordinal))
                {
                    properties.Add((property, ordinal));
                }
            }

            return new Plan(constructor, arguments, properties);
        }
    }

    /// <summary>
    /// One result shape's mapping: through reflection for the first <see cref="CompileAfterRows"/> rows, then compiled
    /// (<see cref="TieredDelegate{TDelegate}"/>). Both follow the same <see cref="Plan"/> with the same conversions and
    /// errors, so which one maps a row is not observable. Plan errors (a constructor parameter without its column) are
    /// thrown when the mapping is created, as before.
    /// </summary>
    internal sealed class Tiered
    {
        private readonly TieredDelegate<Func<RowBlock, int, T>> _mapping;
        private readonly Func<RowBlock, int, T> _counting;

        public Tiered(SqlResultSchema schema)
        {
            var reflected = Reflect(schema);
            _mapping = new(reflected, () => RuntimeFeature.IsDynamicCodeSupported ? Compile(schema) : reflected);
            _counting = Map;
        }

        /// <summary>The compiled mapping once there is one (no per-row indirection); until then the counting one.</summary>
        public Func<RowBlock, int, T> Mapper => _mapping.Final ?? _counting;

        private T Map(RowBlock block, int row) => _mapping.Next()(block, row);
    }

    /// <summary>The compiled mapper's parameters: the block and the row in it.</summary>
    private sealed record Values(ParameterExpression Block, ParameterExpression Row);
}

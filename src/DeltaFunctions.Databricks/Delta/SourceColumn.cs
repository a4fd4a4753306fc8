using System.Linq.Expressions;

namespace DeltaFunctions.Databricks.Delta;

/// <summary>
/// One column of in-memory source rows (<see cref="RowSource"/>). A property of a value type the row mapper knows
/// (<see cref="bool"/>, the integers, <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>,
/// <see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, or their nullable forms) fills a
/// <see cref="Typed{T}"/> column, its values unboxed; anything else (strings, byte arrays, enums, collections, values of
/// dictionary rows) an <see cref="Objects"/> column of references. Every way of sending the rows reads these columns:
/// the staged Parquet file converts typed values column by column (<see cref="TryConvert{TTarget, TConversion}"/>), while
/// the JSON parameter, VALUES and duplicate-key paths read the boxed view <see cref="GetValue"/>.
/// </summary>
internal abstract class SourceColumn
{
    /// <summary>A conversion of typed values to one storage type, exact or refused; a struct, so calls specialize per type.</summary>
    /// <typeparam name="TTarget">The storage type.</typeparam>
    internal interface IConversion<TTarget>
        where TTarget : struct
    {
        /// <summary>Converts a value exactly, or returns false.</summary>
        /// <typeparam name="TSource">The value's type.</typeparam>
        /// <param name="value">The value.</param>
        /// <param name="result">The converted value.</param>
        /// <returns>Whether the value converts exactly.</returns>
        bool TryConvert<TSource>(TSource value, out TTarget result)
            where TSource : struct;
    }

    /// <summary>Gets the number of rows.</summary>
    public int Count { get; protected set; }

    /// <summary>A column for values of a property type, with room for <paramref name="capacity"/> rows.</summary>
    /// <param name="type">The property type.</param>
    /// <param name="capacity">The rows expected (0 when unknown).</param>
    /// <returns>The column.</returns>
    public static SourceColumn For(Type type, int capacity)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t switch
        {
            _ when t == typeof(bool) => new Typed<bool>(capacity),
            _ when t == typeof(sbyte) => new Typed<sbyte>(capacity),
            _ when t == typeof(byte) => new Typed<byte>(capacity),
            _ when t == typeof(short) => new Typed<short>(capacity),
            _ when t == typeof(ushort) => new Typed<ushort>(capacity),
            _ when t == typeof(int) => new Typed<int>(capacity),
            _ when t == typeof(uint) => new Typed<uint>(capacity),
            _ when t == typeof(long) => new Typed<long>(capacity),
            _ when t == typeof(ulong) => new Typed<ulong>(capacity),
            _ when t == typeof(float) => new Typed<float>(capacity),
            _ when t == typeof(double) => new Typed<double>(capacity),
            _ when t == typeof(decimal) => new Typed<decimal>(capacity),
            _ when t == typeof(DateOnly) => new Typed<DateOnly>(capacity),
            _ when t == typeof(DateTime) => new Typed<DateTime>(capacity),
            _ when t == typeof(DateTimeOffset) => new Typed<DateTimeOffset>(capacity),
            _ => new Objects(capacity),
        };
    }

    /// <summary>The value of a row, boxed (null for a null value; a <see cref="DBNull"/> given in a dictionary row stays one).</summary>
    /// <param name="row">The row.</param>
    /// <returns>The value.</returns>
    public abstract object? GetValue(int row);

    /// <summary>Appends a boxed value of the column's type (the reflection row reader of native AOT).</summary>
    /// <param name="value">The value.</param>
    public abstract void AddBoxed(object? value);

    /// <summary>
    /// The expression appending <paramref name="value"/> (of the property type the column was made for) to the column
    /// <paramref name="column"/> evaluates to, without boxing a value of a typed column.
    /// </summary>
    /// <param name="column">An expression of type <see cref="SourceColumn"/> evaluating to a column like this one.</param>
    /// <param name="value">The property value.</param>
    /// <returns>The call.</returns>
    public abstract Expression Append(Expression column, Expression value);

    /// <summary>
    /// Every value converted to <typeparamref name="TTarget"/> (an array of at least <see cref="Count"/> values, which may
    /// be the column's own: read it, never write it), with the null rows (null when there is none); null when a non-null
    /// value does not convert exactly.
    /// </summary>
    /// <typeparam name="TTarget">The storage type.</typeparam>
    /// <typeparam name="TConversion">The conversion.</typeparam>
    /// <param name="conversion">The conversion.</param>
    /// <returns>The values and null rows, or null.</returns>
    public abstract (TTarget[] Values, bool[]? Nulls)? TryConvert<TTarget, TConversion>(TConversion conversion)
        where TTarget : struct
        where TConversion : struct, IConversion<TTarget>;

    /// <summary>Whether two rows hold the same value (two nulls included), compared as the MERGE compares keys.</summary>
    /// <returns>Whether a value repeats.</returns>
    public abstract bool HasRepeatedValue();

    /// <summary>Values of one CLR value type, unboxed, and which rows are null.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    internal sealed class Typed<T> : SourceColumn
        where T : struct
    {
        private T[] _values;
        private bool[]? _nulls;

        public Typed(int capacity)
        {
            _values = capacity > 0 ? new T[capacity] : [];
        }

        /// <summary>Gets the values (default where a row is null).</summary>
        public ReadOnlySpan<T> Values => _values.AsSpan(0, Count);

        /// <summary>Whether a row is null.</summary>
        /// <param name="row">The row.</param>
        /// <returns>Whether it is null.</returns>
        public bool IsNull(int row) => _nulls is not null && _nulls[row];

        public void Add(T value)
        {
            if (Count == _values.Length)
            {
                Grow();
            }

            _values[Count++] = value;
        }

        public void Add(T? value)
        {
            if (value.HasValue)
            {
                Add(value.GetValueOrDefault());
                return;
            }

            if (Count == _values.Length)
            {
                Grow();
            }

            (_nulls ??= new bool[_values.Length])[Count++] = true;
        }

        public override void AddBoxed(object? value) => Add((T?)value);

        public override Expression Append(Expression column, Expression value)
        {
            var add = value.Type == typeof(T) ? new Action<T>(Add).Method : new Action<T?>(Add).Method;
            return Expression.Call(Expression.Convert(column, typeof(Typed<T>)), add, value);
        }

        public override object? GetValue(int row) => IsNull(row) ? null : _values[row];

        public override (TTarget[] Values, bool[]? Nulls)? TryConvert<TTarget, TConversion>(TConversion conversion)
        {
            // Values of the storage type that convert to themselves (a long into BIGINT, a decimal already at the
            // column's scale) are handed over as this column's own array; a copy is made at the first value that changes.
            var converted = typeof(T) == typeof(TTarget) ? null : new TTarget[Count];
            for (var r = 0; r < Count; r++)
            {
                if (IsNull(r))
                {
                    continue;
                }

                if (!conversion.TryConvert(_values[r], out var value))
                {
                    return null;
                }

                if (converted is null)
                {
                    if (Same(value, (TTarget)(object)_values[r]))
                    {
                        continue;
                    }

                    converted = new TTarget[Count];
                    ((TTarget[])(object)_values).AsSpan(0, r).CopyTo(converted);
                }

                converted[r] = value;
            }

            return (converted ?? (TTarget[])(object)_values, _nulls);
        }

        public override bool HasRepeatedValue()
        {
            // EqualityComparer<T>.Default is the T.Equals the boxed values compare with, without boxing them.
            var seen = new HashSet<T>(Count);
            var nulls = 0;
            for (var r = 0; r < Count; r++)
            {
                if (IsNull(r) ? ++nulls > 1 : !seen.Add(_values[r]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether two values are the same: equal, and for <see cref="DateTime"/> of the same kind too.</summary>
        private static bool Same<TValue>(TValue a, TValue b)
            where TValue : struct =>
            typeof(TValue) == typeof(DateTime)
                ? ((DateTime)(object)a).Ticks == ((DateTime)(object)b).Ticks && ((DateTime)(object)a).Kind == ((DateTime)(object)b).Kind
                : EqualityComparer<TValue>.Default.Equals(a, b);

        private void Grow()
        {
            var size = Math.Max(16, _values.Length * 2);
            Array.Resize(ref _values, size);
            if (_nulls is not null)
            {
                Array.Resize(ref _nulls, size);
            }
        }
    }

    /// <summary>Values held as references: strings, byte arrays, boxed values of other types, dictionary row values.</summary>
    internal sealed class Objects : SourceColumn
    {
        private object?[] _values;

        public Objects(int capacity)
        {
            _values = capacity > 0 ? new object?[capacity] : [];
        }

        public void Add(object? value)
        {
            if (Count == _values.Length)
            {
                Array.Resize(ref _values, Math.Max(16, _values.Length * 2));
            }

            _values[Count++] = value;
        }

        public override void AddBoxed(object? value) => Add(value);

        public override Expression Append(Expression column, Expression value) =>
            Expression.Call(Expression.Convert(column, typeof(Objects)), new Action<object?>(Add).Method, Expression.Convert(value, typeof(object)));

        public override object? GetValue(int row) => _values[row];

        public override (TTarget[] Values, bool[]? Nulls)? TryConvert<TTarget, TConversion>(TConversion conversion)
        {
            var converted = new TTarget[Count];
            bool[]? nulls = null;
            for (var r = 0; r < converted.Length; r++)
            {
                if (_values[r] is null or DBNull)
                {
                    (nulls ??= new bool[converted.Length])[r] = true;
                }
                else if (!TryConvertBoxed(_values[r]!, conversion, out converted[r]))
                {
                    return null;
                }
            }

            return (converted, nulls);
        }

        public override bool HasRepeatedValue()
        {
            var seen = new HashSet<object>(Count, KeyValueComparer.Instance);
            var nulls = 0;
            for (var r = 0; r < Count; r++)
            {
                if (_values[r] is not { } value ? ++nulls > 1 : !seen.Add(value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TryConvertBoxed<TTarget, TConversion>(object value, TConversion conversion, out TTarget result)
            where TTarget : struct
            where TConversion : struct, IConversion<TTarget>
        {
            result = default;
            return value switch
            {
                bool v => conversion.TryConvert(v, out result),
                sbyte v => conversion.TryConvert(v, out result),
                byte v => conversion.TryConvert(v, out result),
                short v => conversion.TryConvert(v, out result),
                ushort v => conversion.TryConvert(v, out result),
                int v => conversion.TryConvert(v, out result),
                uint v => conversion.TryConvert(v, out result),
                long v => conversion.TryConvert(v, out result),
                ulong v => conversion.TryConvert(v, out result),
                float v => conversion.TryConvert(v, out result),
                double v => conversion.TryConvert(v, out result),
                decimal v => conversion.TryConvert(v, out result),
                DateOnly v => conversion.TryConvert(v, out result),
                DateTime v => conversion.TryConvert(v, out result),
                DateTimeOffset v => conversion.TryConvert(v, out result),
                _ => false,
            };
        }
    }

    /// <summary>Key values compared as the MERGE compares them: by value, byte arrays by content.</summary>
    internal sealed class KeyValueComparer : IEqualityComparer<object>
    {
        public static readonly KeyValueComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object obj)
        {
            if (obj is not byte[] bytes)
            {
                return obj.GetHashCode();
            }

            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}

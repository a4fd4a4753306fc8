using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>The state of a SQL warehouse. An open set: states Databricks adds later parse too.</summary>
[JsonConverter(typeof(SqlWarehouseStateJsonConverter))]
public readonly record struct SqlWarehouseState
{
    private readonly string? _value;

    /// <summary>Creates a state from the string Databricks sent.</summary>
    /// <param name="value">The state, e.g. <c>RUNNING</c>.</param>
    public SqlWarehouseState(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary><c>STARTING</c>.</summary>
    public static SqlWarehouseState Starting { get; } = new("STARTING");

    /// <summary><c>RUNNING</c>.</summary>
    public static SqlWarehouseState Running { get; } = new("RUNNING");

    /// <summary><c>STOPPING</c>.</summary>
    public static SqlWarehouseState Stopping { get; } = new("STOPPING");

    /// <summary><c>STOPPED</c>.</summary>
    public static SqlWarehouseState Stopped { get; } = new("STOPPED");

    /// <summary><c>DELETING</c>.</summary>
    public static SqlWarehouseState Deleting { get; } = new("DELETING");

    /// <summary><c>DELETED</c>.</summary>
    public static SqlWarehouseState Deleted { get; } = new("DELETED");

    /// <summary>The state as Databricks spells it (<c>default</c> reads as empty).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Returns the state.</summary>
    /// <returns>The state string.</returns>
    public override string ToString() => Value;
}

/// <summary>Reads and writes <see cref="SqlWarehouseState"/> as its string.</summary>
internal sealed class SqlWarehouseStateJsonConverter : JsonConverter<SqlWarehouseState>
{
    /// <inheritdoc />
    public override SqlWarehouseState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? string.Empty);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SqlWarehouseState value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

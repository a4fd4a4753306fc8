using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// Writes <see cref="ExecuteStatementRequest"/> field by field, as the source-generated metadata did (snake_case names in
/// declaration order, null fields left out). Cold start (#17): the generated metadata builds a
/// <c>JsonPropertyInfoValues&lt;T&gt;</c>, <c>JsonPropertyInfo&lt;T&gt;</c> and converter per value-type property
/// (<c>WaitTimeoutAction?</c>, <c>ResultDisposition?</c>, <c>ResultFormat?</c>, <c>ResultCompression?</c>, <c>long?</c>),
/// generic code over value types that ReadyToRun cannot precompile outside System.Text.Json, so the first query JIT-compiled
/// about 250 methods for a body this converter writes with precompiled code. The request is only ever written.
/// </summary>
internal sealed class ExecuteStatementRequestJsonConverter : JsonConverter<ExecuteStatementRequest>
{
    /// <inheritdoc />
    public override ExecuteStatementRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("ExecuteStatementRequest is only written.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ExecuteStatementRequest value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString("statement", value.Statement);
        writer.WriteString("warehouse_id", value.WarehouseId);
        WriteIfSet(writer, "catalog", value.Catalog);
        WriteIfSet(writer, "schema", value.Schema);
        if (value.Parameters is { } parameters)
        {
            writer.WritePropertyName("parameters");
            JsonSerializer.Serialize(writer, parameters, DatabricksSqlJsonContext.Default.IReadOnlyListStatementParameter);
        }

        WriteIfSet(writer, "wait_timeout", value.WaitTimeout);
        WriteIfSet(writer, "on_wait_timeout", value.OnWaitTimeout?.Value);
        WriteIfSet(writer, "disposition", value.Disposition?.Value);
        WriteIfSet(writer, "format", value.Format?.Value);
        if (value.RowLimit is { } rowLimit)
        {
            writer.WriteNumber("row_limit", rowLimit);
        }

        if (value.ByteLimit is { } byteLimit)
        {
            writer.WriteNumber("byte_limit", byteLimit);
        }

        WriteIfSet(writer, "result_compression", value.ResultCompression?.Value);
        if (value.QueryTags is { } tags)
        {
            writer.WritePropertyName("query_tags");
            JsonSerializer.Serialize(writer, tags, DatabricksSqlJsonContext.Default.IReadOnlyListStatementQueryTag);
        }

        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

using System.Collections.Concurrent;
using DuckDB.NET.Data;

namespace DeltaFunctions.Lakehouse.Sql.Json;

/// <summary>
/// Registers the DuckDB scalar function the SQL rewriter emits for <c>from_json</c>:
/// <c>__spark_from_json(json VARCHAR, schema VARCHAR, options VARCHAR) → VARCHAR</c> returns canonical JSON that
/// the rewritten SQL casts to the schema's DuckDB type.
/// </summary>
internal static class SparkJsonFunctions
{
    /// <summary>The DuckDB function name.</summary>
    public const string FromJsonFunction = "__spark_from_json";

    /// <summary>Registers the functions on a connection.</summary>
    /// <param name="connection">An open DuckDB connection.</param>
    public static void Register(DuckDBConnection connection)
    {
        // One converter per schema and options text for this connection; DuckDB may call from several threads.
        var converters = new ConcurrentDictionary<(string Schema, string Options), JsonToStructs>();
        connection.RegisterScalarFunction<string, string, string, string>(
            FromJsonFunction,
            (readers, writer, rowCount) =>
            {
                for (ulong row = 0; row < rowCount; row++)
                {
                    if (!readers[0].IsValid(row) || !readers[1].IsValid(row) || !readers[2].IsValid(row))
                    {
                        writer.WriteNull(row);
                        continue;
                    }

                    var key = (readers[1].GetValue<string>(row), readers[2].GetValue<string>(row));
                    var converter = converters.GetOrAdd(key, static k => new JsonToStructs(JsonToStructs.ParseSchema(k.Schema), SparkJsonOptions.Decode(k.Options)));
                    var result = converter.Convert(readers[0].GetValue<string>(row));
                    if (result is null)
                    {
                        writer.WriteNull(row);
                    }
                    else
                    {
                        writer.WriteValue(result, row);
                    }
                }
            },
            new ScalarFunctionOptions { IsPureFunction = true });
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using DeltaFunctions.Databricks.Sql;

namespace DeltaFunctions.Databricks.Tests.Sql;

/// <summary>
/// The source-generated metadata the client read statement responses with before <c>StatementJsonReader</c> (cold start,
/// #17), over the client's own Sql context options (<see cref="Instance"/>): the oracle the hand-written reader is
/// compared with, and the writer both results are compared through.
/// </summary>
[JsonSerializable(typeof(StatementResponse))]
[JsonSerializable(typeof(ResultChunk))]
internal sealed partial class StatementWireOracleContext : JsonSerializerContext
{
    /// <summary>Gets the oracle with a copy of <see cref="DatabricksSqlJsonContext"/>'s options.</summary>
    public static StatementWireOracleContext Instance { get; } = new(new JsonSerializerOptions(DatabricksSqlJsonContext.Default.Options));
}

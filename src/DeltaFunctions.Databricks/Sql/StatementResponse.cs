namespace DeltaFunctions.Databricks.Sql;

/// <summary>The response of the execute and get calls: id, status, and when succeeded, manifest and first chunk.</summary>
public sealed partial record StatementResponse
{
    /// <summary>Gets the statement id.</summary>
    public required string StatementId { get; init; }

    /// <summary>Gets the status.</summary>
    public required StatementStatus Status { get; init; }

    /// <summary>Gets the result manifest (schema, chunks) once the statement succeeded.</summary>
    public ResultManifest? Manifest { get; init; }

    /// <summary>Gets the first chunk of the result, when the statement succeeded.</summary>
    public ResultChunk? Result { get; init; }
}

namespace DeltaFunctions.Emulator;

/// <summary>
/// How an emulated SQL warehouse answers the disposition/format pairs of the Statement Execution API. Real warehouses
/// differ here (docs/databricks-notes.md, "SQL result shapes by warehouse type"); each profile reproduces one kind
/// exactly, so a client's fallback between result shapes can be tested.
/// </summary>
public enum EmulatorWarehouseProfile
{
    /// <summary>
    /// A classic (or pro) warehouse: <c>INLINE</c> takes only <c>JSON_ARRAY</c> (<c>ARROW_STREAM</c> or <c>CSV</c> with
    /// <c>INLINE</c> is refused with HTTP 400 <c>INVALID_PARAMETER_VALUE</c>, "Incompatible parameters: The format field
    /// must be JSON_ARRAY when the disposition field is INLINE."); <c>EXTERNAL_LINKS</c> takes every format.
    /// </summary>
    Classic,

    /// <summary>
    /// A serverless warehouse that serves results only inline as Arrow: <c>INLINE</c> takes only <c>ARROW_STREAM</c>
    /// (HTTP 400 <c>INVALID_PARAMETER_VALUE</c>, "Inline disposition only supports ARROW_STREAM format." otherwise) and
    /// returns the Arrow IPC stream base64-encoded in <c>result.attachment</c>, one per chunk; <c>EXTERNAL_LINKS</c> is
    /// refused with HTTP 501 <c>NOT_IMPLEMENTED</c>, "ExternalLinks disposition is not yet implemented.".
    /// </summary>
    Serverless,
}

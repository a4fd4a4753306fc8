namespace DeltaFunctions.Emulator.Sql;

/// <summary>Where a succeeded statement's rows are served from.</summary>
internal enum ResultDelivery
{
    /// <summary>JSON_ARRAY rows in <c>result.data_array</c> (INLINE on a classic warehouse).</summary>
    DataArray,

    /// <summary>Arrow IPC streams in <c>result.attachment</c>, one per chunk (INLINE Arrow, or a small hybrid result).</summary>
    Attachment,

    /// <summary>Pre-signed links to the encoded chunks (EXTERNAL_LINKS, or a large hybrid result).</summary>
    ExternalLinks,
}

using System.Text.Json.Serialization;

namespace DeltaFunctions.Databricks.Sql;

/// <summary>
/// A pre-signed link to one chunk. Fetched with a plain GET that never carries the Databricks token, sending only
/// <see cref="HttpHeaders"/>. The URL and headers are secrets: they never reach logs or exception messages.
/// </summary>
public sealed record ExternalLink
{
    /// <summary>Gets the chunk index.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>Gets the offset of the chunk's first row.</summary>
    public long RowOffset { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public long RowCount { get; init; }

    /// <summary>Gets the byte size.</summary>
    public long? ByteCount { get; init; }

    /// <summary>Gets the pre-signed URL.</summary>
    [JsonPropertyName("external_link")]
    public required string Url { get; init; }

    /// <summary>Gets when the link expires (at most 15 minutes after it was issued).</summary>
    public DateTimeOffset? Expiration { get; init; }

    /// <summary>Gets the headers the download must send.</summary>
    public IReadOnlyDictionary<string, string>? HttpHeaders { get; init; }

    /// <summary>Gets the index of the next chunk.</summary>
    public int? NextChunkIndex { get; init; }

    /// <summary>Gets the host-relative path of the next chunk.</summary>
    public string? NextChunkInternalLink { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"ExternalLink {{ ChunkIndex = {ChunkIndex}, RowCount = {RowCount}, Url = *** }}";
}
